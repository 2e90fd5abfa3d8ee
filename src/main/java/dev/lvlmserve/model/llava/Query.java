package dev.lvlmserve.model.llava;

import dev.lvlmserve.model.generate.GenerationOptions;
import java.awt.image.BufferedImage;

/** One question, optionally about an image, in the user's words (the pipeline applies the prompt format). */
public record Query(BufferedImage image, String question, GenerationOptions options) {}
