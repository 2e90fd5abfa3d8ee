#!/usr/bin/env bash
# Lays out what the runtime image holds, from the Spring Boot jar the build produced, so that the container starts
# offline on a read-only root filesystem. DJL normally extracts libtorch, its JNI glue, the tokenizers library and
# JNA's dispatch library into a writable cache (~/.djl.ai, java.io.tmpdir) at first use; here they are unpacked once,
# at build time, and the image points DJL and JNA at them:
#
#   DEST/app/lvlm-serve.jar, DEST/app/lib/*.jar   Spring Boot's extracted layout (plain classpath, faster start)
#   DEST/native/pytorch/                          libtorch + libdjl_torch.so         -> PYTORCH_LIBRARY_PATH
#   DEST/native/tokenizers/libtokenizers.so       HuggingFace tokenizers             -> RUST_LIBRARY_PATH
#   DEST/native/jna/libjnidispatch.so             JNA (DJL's CUDA probe uses it)     -> -Djna.boot.library.path
#   DEST/models/scenes-llava-16l/                 the embedded default model         -> LVLM_MODEL
#   DEST/runtime.env                              PYTORCH_FLAVOR=... of the libtorch found
#
# DJL 0.32 looks for libdjl_torch.so beside libtorch.so in PYTORCH_LIBRARY_PATH before it tries its cache
# (ai.djl.pytorch.jni.LibUtils.findJniLibrary), which is what makes the cache unnecessary.
# The pytorch-native jar itself is dropped from DEST/app/lib: its content now lives in DEST/native, and keeping it
# would store libtorch twice (2.4 GB twice for CUDA). The JVM skips a Class-Path entry whose file is missing.
#
# Usage: prepare-runtime.sh path/to/lvlm-serve.jar DEST   (needs only a JDK: java and jar)
set -euo pipefail

jar_file=$(realpath "$1")
dest=$(realpath -m "$2")
if [ -e "$dest" ] && [ -n "$(ls -A "$dest")" ]; then
  echo "prepare-runtime: $dest is not empty" >&2
  exit 1
fi
mkdir -p "$dest"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

java -Djarmode=tools -jar "$jar_file" extract --destination "$dest/app" >/dev/null
lib=$dest/app/lib

one() { # the single file matching a glob, or an error
  local matches=( $1 )
  if [ "${#matches[@]}" -ne 1 ] || [ ! -f "${matches[0]}" ]; then
    echo "prepare-runtime: expected exactly one $1, found: ${matches[*]}" >&2
    exit 1
  fi
  printf '%s' "${matches[0]}"
}
prop() { sed -n "s/^$1=//p" "$2" | tr -d '\r'; }

native_jar=$(one "$lib/pytorch-native-*.jar")
jni_jar=$(one "$lib/pytorch-jni-*.jar")
tokenizers_jar=$(one "$lib/tokenizers-*.jar")
jna_jar=$(one "$lib/jna-[0-9]*.jar")

# libtorch: the native jar says which flavor (cpu, cu124) and which files it carries.
(cd "$work" && jar --extract --file "$native_jar" native/lib/pytorch.properties)
props=$work/native/lib/pytorch.properties
flavor=$(prop flavor "$props")
classifier=$(prop classifier "$props")
libraries=$(prop libraries "$props")
mkdir -p "$dest/native/pytorch" "$dest/native/tokenizers" "$dest/native/jna"
(cd "$work" && jar --extract --file "$native_jar" "pytorch/$flavor/$classifier/")
IFS=, read -r -a libs <<<"$libraries"
for f in "${libs[@]}"; do
  mv "$work/pytorch/$flavor/$classifier/$f" "$dest/native/pytorch/$f"
done

# DJL's JNI glue for that flavor; its version must be the one the engine expects.
(cd "$work" && jar --extract --file "$jni_jar" jnilib/pytorch.properties "jnilib/$classifier/$flavor/libdjl_torch.so")
mv "$work/jnilib/$classifier/$flavor/libdjl_torch.so" "$dest/native/pytorch/libdjl_torch.so"
echo "prepare-runtime: libtorch $(prop version "$props") $flavor $classifier, jni $(prop jni_version "$work/jnilib/pytorch.properties")"

# Tokenizers ship a CPU build only (DJL's CUDA tokenizers are a download, never used offline).
(cd "$work" && jar --extract --file "$tokenizers_jar" "native/lib/$classifier/cpu/libtokenizers.so")
mv "$work/native/lib/$classifier/cpu/libtokenizers.so" "$dest/native/tokenizers/"

case "$classifier" in
  linux-x86_64) jna_dir=linux-x86-64 ;;
  linux-aarch64) jna_dir=linux-aarch64 ;;
  *) echo "prepare-runtime: no JNA mapping for $classifier" >&2; exit 1 ;;
esac
(cd "$work" && jar --extract --file "$jna_jar" "com/sun/jna/$jna_dir/libjnidispatch.so")
mv "$work/com/sun/jna/$jna_dir/libjnidispatch.so" "$dest/native/jna/"

rm "$native_jar"

# The embedded model, as files: DefaultModel would otherwise unpack it into ~/.cache on first start.
(cd "$work" && jar --extract --file "$dest/app/lvlm-serve.jar" models/)
mv "$work/models" "$dest/models"

printf 'PYTORCH_FLAVOR=%s\n' "$flavor" >"$dest/runtime.env"
chmod -R a+rX,go-w "$dest"
