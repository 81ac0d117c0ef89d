# Production image: build with `./mvnw -Dproduction -Dmaven.test.skip=true package` first (see README):
# that jar has no embedded servers and no /dev/tokens.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 app
USER app
WORKDIR /app
COPY target/flash-sale-*.jar /app/flash-sale.jar
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/flash-sale.jar"]
