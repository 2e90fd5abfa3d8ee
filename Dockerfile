# lvlm-serve images. Two targets from one file:
#   docker build -t lvlm-serve:0.1.0 .                            CPU (the default: the last stage)
#   docker build --target cuda -t lvlm-serve:0.1.0-cuda .         CUDA 12.4 (the Maven `cuda` profile)
# Run (read-only root filesystem, writable /data and /tmp, as the image's non-root user):
#   docker run --read-only --tmpfs /tmp -v lvlm-data:/data -p 8080:8080 -e LVLM_ADMIN_KEY=... lvlm-serve:0.1.0
#   docker run --gpus all --read-only --tmpfs /tmp -v lvlm-data:/data -p 8080:8080 lvlm-serve:0.1.0-cuda
# docs/deploy.md has the details. Base images are arguments so that a builder can pin digests.
ARG JDK_IMAGE=eclipse-temurin:25.0.3_9-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:25.0.3_9-jre-noble
ARG CUDA_IMAGE=nvidia/cuda:12.4.1-runtime-ubuntu22.04

# ---- sources and the CPU dependency cache: this layer changes only when pom.xml or the wrapper does ----
FROM ${JDK_IMAGE} AS source
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp dependency:go-offline

# ---- CPU build: the jar, then the offline runtime layout (docker/prepare-runtime.sh says what and why) ----
FROM source AS build-cpu
COPY src/ src/
COPY models/ models/
COPY docker/ docker/
RUN ./mvnw -B -ntp package -DskipTests \
 && bash docker/prepare-runtime.sh target/lvlm-serve.jar /out

# ---- CUDA build: the same with libtorch cu124 (its own cache layer: the native jar is 2.4 GB) ----
FROM source AS build-cuda
RUN ./mvnw -B -ntp -Pcuda dependency:go-offline
COPY src/ src/
COPY models/ models/
COPY docker/ docker/
RUN ./mvnw -B -ntp -Pcuda package -DskipTests \
 && bash docker/prepare-runtime.sh target/lvlm-serve.jar /out \
 && grep -qx 'PYTORCH_FLAVOR=cu124' /out/runtime.env

# ---- the JRE, copied into the CUDA base below ----
FROM ${JRE_IMAGE} AS jre

# ---- CUDA runtime image: libtorch cu124 bundles cuDNN and cuBLAS; the host's driver comes in through the NVIDIA
#      container runtime (--gpus all, or runtimeClassName: nvidia on Kubernetes) ----
FROM ${CUDA_IMAGE} AS cuda
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH=/opt/java/openjdk/bin:$PATH
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
# uid/gid 10001: the Helm chart's runAsUser; no home directory: nothing may be written outside /data and /tmp
RUN groupadd --system --gid 10001 lvlm \
 && useradd --system --uid 10001 --gid lvlm --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin lvlm \
 && mkdir -p /data \
 && chown lvlm:lvlm /data
COPY --from=build-cuda /out/ /opt/lvlm-serve/
COPY docker/healthcheck.sh /opt/lvlm-serve/healthcheck.sh
# DJL finds libtorch and its JNI glue in PYTORCH_LIBRARY_PATH and the tokenizers in RUST_LIBRARY_PATH; the cache
# directories point at a path that does not exist on a read-only filesystem, so an unexpected extraction fails
# loudly instead of filling /tmp. LVLM_DEVICE / LVLM_DTYPE are the lvlm.device / lvlm.dtype settings.
ENV PYTORCH_LIBRARY_PATH=/opt/lvlm-serve/native/pytorch \
    PYTORCH_FLAVOR=cu124 \
    RUST_LIBRARY_PATH=/opt/lvlm-serve/native/tokenizers/libtokenizers.so \
    DJL_OFFLINE=true \
    DJL_CACHE_DIR=/opt/lvlm-serve/no-cache \
    ENGINE_CACHE_DIR=/opt/lvlm-serve/no-cache \
    LVLM_MODEL=/opt/lvlm-serve/models/scenes-llava-16l \
    LVLM_DATA_DIR=/data \
    LVLM_DEVICE=gpu \
    LVLM_DTYPE=float16 \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
USER 10001:10001
WORKDIR /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=180s --retries=3 CMD ["/opt/lvlm-serve/healthcheck.sh"]
# DJL counts GPUs through JNA's Native.load("cudart"): the base image's libcudart.so.12 lives in /usr/local/cuda/lib64
# (the unversioned name only comes with -devel images; JNA matches the versioned one in the paths it is given).
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-Djna.boot.library.path=/opt/lvlm-serve/native/jna", "-Djna.nounpack=true", "-Djna.library.path=/usr/local/cuda/lib64", "-jar", "/opt/lvlm-serve/app/lvlm-serve.jar"]

# ---- CPU runtime image (the default target) ----
FROM ${JRE_IMAGE} AS cpu
RUN groupadd --system --gid 10001 lvlm \
 && useradd --system --uid 10001 --gid lvlm --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin lvlm \
 && mkdir -p /data \
 && chown lvlm:lvlm /data
COPY --from=build-cpu /out/ /opt/lvlm-serve/
COPY docker/healthcheck.sh /opt/lvlm-serve/healthcheck.sh
# See the cuda stage for what each variable does. The heap is a quarter of the container's memory: weights, the KV
# cache and activations are native (libtorch) memory outside the heap.
ENV PYTORCH_LIBRARY_PATH=/opt/lvlm-serve/native/pytorch \
    PYTORCH_FLAVOR=cpu \
    RUST_LIBRARY_PATH=/opt/lvlm-serve/native/tokenizers/libtokenizers.so \
    DJL_OFFLINE=true \
    DJL_CACHE_DIR=/opt/lvlm-serve/no-cache \
    ENGINE_CACHE_DIR=/opt/lvlm-serve/no-cache \
    LVLM_MODEL=/opt/lvlm-serve/models/scenes-llava-16l \
    LVLM_DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
USER 10001:10001
WORKDIR /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 CMD ["/opt/lvlm-serve/healthcheck.sh"]
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-Djna.boot.library.path=/opt/lvlm-serve/native/jna", "-Djna.nounpack=true", "-jar", "/opt/lvlm-serve/app/lvlm-serve.jar"]
