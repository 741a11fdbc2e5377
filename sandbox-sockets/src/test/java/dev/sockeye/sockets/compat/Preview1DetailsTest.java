package dev.sockeye.sockets.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.testing.GuestFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preview1 details a conformance run found, each made by guests/wat/preview1_details.wat. */
class Preview1DetailsTest {
    static GuestFixture fixture;

    @TempDir
    Path data;

    @BeforeAll
    static void start() {
        fixture = GuestFixture.of("preview1_details");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void seed() throws IOException {
        Files.writeString(data.resolve("f.txt"), "keep me");
        Files.createDirectories(data.resolve("sub/nested"));
        Files.writeString(data.resolve("sub/nested/file"), "nested");
    }

    private long call(String export) {
        try (var instance = fixture.instance(data)) {
            return instance.call(export)[0];
        }
    }

    @Test
    void truncatingThroughADirectoryWithoutTheSetSizeRightIsNotcapableAndKeepsTheFile() throws IOException {
        assertThat(call("case_trunc_without_right")).isEqualTo(Errno.NOTCAPABLE.code());
        assertThat(Files.readString(data.resolve("f.txt"))).isEqualTo("keep me");
    }

    @Test
    void aPathThatClimbsAboveThePreopenAndBackIsPerm() {
        assertThat(call("case_climb_above_preopen")).isEqualTo(Errno.PERM.code());
    }

    @Test
    void settingMtimAndMtimNowTogetherIsInvalBeforeRightsAreChecked() {
        assertThat(call("case_set_times_both_mtim")).isEqualTo(Errno.INVAL.code());
    }

    @Test
    void settingAtimAndAtimNowTogetherIsInvalBeforeRightsAreChecked() {
        assertThat(call("case_set_times_both_atim")).isEqualTo(Errno.INVAL.code());
    }

    @Test
    void aHardLinkToANewNameWithATrailingSlashIsNoentAndCreatesNothing() {
        assertThat(call("case_link_trailing_slash")).isEqualTo(Errno.NOENT.code());
        assertThat(data.resolve("link")).doesNotExist();
    }
}
