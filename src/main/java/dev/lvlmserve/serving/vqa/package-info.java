/** {@code POST /v1/vqa}: a question about an image, as multipart or JSON (base64), answered with timings. */
package dev.lvlmserve.serving.vqa;
