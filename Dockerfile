# Build: docker build -t lvlm-serve .
# Run:   docker run -p 8080:8080 -e LVLM_ADMIN_KEY=... -v lvlm-data:/data lvlm-serve
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp dependency:go-offline
COPY src src
COPY models models
RUN ./mvnw -B -ntp package -DskipTests

FROM eclipse-temurin:25-jre
# libgomp is bundled in the libtorch jar; nothing else native is needed on CPU.
RUN useradd --system --uid 10001 lvlm && mkdir -p /data /home/lvlm && chown lvlm /data /home/lvlm
USER lvlm
WORKDIR /home/lvlm
COPY --from=build /src/target/lvlm-serve.jar /app/lvlm-serve.jar
ENV DJL_OFFLINE=true \
    LVLM_DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50"
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD wget -qO- http://localhost:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-jar", "/app/lvlm-serve.jar"]
