package dev.sockeye.api.versions;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A resource method that receives a module: it runs only while it holds one of the {@link UploadSlots} ({@link UploadSlotFilter}). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface UploadSlot {}
