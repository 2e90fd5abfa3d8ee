/**
 * Images in, {@code pixel_values} out, as transformers' LLaVA-1.5 / CLIP image processors produce them.
 *
 * <p>Legend:
 *
 * <ul>
 *   <li>{@link dev.lvlmserve.model.image.ImageDecoder}: untrusted bytes → {@link
 *       dev.lvlmserve.model.image.DecodedImage} (TYPE_INT_RGB), refusing empty, oversized, unknown, corrupt and
 *       truncated input with an {@link dev.lvlmserve.model.image.ImageRejectedException}; the caps of
 *       {@link dev.lvlmserve.model.image.ImageLimits} (bytes, pixels, longer side, aspect ratio) are checked from
 *       the header before decoding. {@code ImageFormats} picks the reader, {@code RgbConversion} drops alpha.
 *   <li>{@link dev.lvlmserve.model.image.ImageProcessorConfig}: {@code preprocessor_config.json} as a record.
 *   <li>{@link dev.lvlmserve.model.image.ImageProcessor}: RGB → pad to square → PIL resize → centre crop →
 *       rescale → normalise, CHW float32; batches become an NDArray (B, 3, H, W).
 *   <li>{@code PilResampler} / {@link dev.lvlmserve.model.image.PilFilter}: Pillow's resampling, bit for bit;
 *       {@code PaddedResampler}: pad-to-square and resize in one, without building the square.
 * </ul>
 *
 * <p>Layouts: between steps an image is {@code uint8} (H, W, C) like transformers' numpy arrays ({@code Rgb8});
 * the output is (C, H, W) float32, channels R, G, B.
 */
package dev.lvlmserve.model.image;
