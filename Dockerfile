# Production image, built from source in the image: `docker build -t flash-sale .` (or `docker compose build`).
# The jar is built with -Dproduction: no embedded servers, no /dev/tokens.

# --- build: Maven wrapper, production profile, tests left to CI (.ci/run)
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY lua/ lua/
COPY src/ src/
# the Maven repository is a build cache, not a layer
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -Dproduction -Dmaven.test.skip=true package \
    && java -Djarmode=tools -jar target/flash-sale-*.jar extract --layers --launcher --destination /extracted

# --- run: JRE, non-root, one layer per rate of change (dependencies change rarely, the application often)
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 app
WORKDIR /app
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER 10001
EXPOSE 8080 8081
# Measured (docs/performance.md): on 2 cores the serial collector costs less CPU per request than G1,
# and the process needs ~310 MiB beyond the heap (metaspace, code cache, Netty); half the container's
# memory as heap keeps RSS inside the limit (k8s/deployment.yaml: 1536 MiB, for the open streams' heap).
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=50 -XX:ReservedCodeCacheSize=64m -Xss512k -XX:+ExitOnOutOfMemoryError"
ENV MANAGEMENT_SERVER_PORT=8081
# readiness on the management port (bash's /dev/tcp: the JRE image has no curl)
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8081 && printf "GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && head -1 <&3 | grep -q " 200 "'
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
