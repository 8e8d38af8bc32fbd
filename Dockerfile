# syntax=docker/dockerfile:1
# One image recipe for every Spring Boot application here (docker-compose.yml builds it three times):
#   docker build --build-arg SERVICE=user-service -t acme/user-service .
#   docker build --build-arg SERVICE=order-service -t acme/order-service .
#   docker build --build-arg SERVICE=auth-server -t acme/auth-server .
ARG SERVICE=user-service

# 1. Build with the Maven wrapper, as CI does (tests run in CI, not in image builds). The cache
#    mount keeps ~/.m2 between builds, so a source change does not download Maven Central again.
FROM eclipse-temurin:17-jdk AS build
ARG SERVICE
# mvnw verifies the checksum of Maven's .zip; without unzip it would fetch the .tar.gz instead,
# whose checksum is not the one in .mvn/wrapper/maven-wrapper.properties.
RUN command -v unzip >/dev/null \
 || (apt-get update -qq && apt-get install -y -qq --no-install-recommends unzip && rm -rf /var/lib/apt/lists/*)
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl "${SERVICE}" -am -DskipTests package \
 && java -Djarmode=tools -jar "${SERVICE}/target/${SERVICE}.jar" extract --layers --launcher --destination /layers

# 2. Run on a JRE, as a non-root user, from Spring Boot's layers: dependencies change rarely,
#    the application on every commit, so a rebuilt image mostly reuses cached layers.
FROM eclipse-temurin:17-jre
ARG SERVICE
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
COPY docker/http-ok /usr/local/bin/http-ok
USER app
# The JVM sizes itself from the container's memory limit (cgroups), not the host's: heap is 60%
# of the limit, leaving room for metaspace, thread stacks, Netty's direct buffers and the GC.
# An out-of-memory error ends the process so that Docker restarts it, instead of limping on.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
