# Sourced by bench/invoker scripts: JDK 25, one build of the bench/invoker module (and what it depends on), and its
# class path $CP. Expects ROOT set.
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
"$ROOT/mvnw" -B -q -o -f "$ROOT/pom.xml" -Pbench -pl bench/invoker -am -DskipTests package >&2
CP="$ROOT/bench/invoker/target/classes:$(cat "$ROOT/bench/invoker/target/classpath.txt")"
export CP
