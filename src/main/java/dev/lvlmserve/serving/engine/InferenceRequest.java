package dev.lvlmserve.serving.engine;

import dev.lvlmserve.model.llava.Conversation;

/**
 * A conversation, optionally about one image, for a variant.
 *
 * @param model the variant's name; null, blank or {@code default} for the current default
 * @param image encoded image bytes (PNG, JPEG, WebP, GIF, BMP) or null; decoded and checked by the engine
 * @param api which API asked, so errors name that API's fields
 * @param imageField the request field that held the image, named in an image error
 */
public record InferenceRequest(String model, Conversation conversation, byte[] image, SamplingParams sampling,
        Api api, String imageField) {

    /** One question (with the image when there is one), as the VQA endpoint asks. */
    public InferenceRequest(String model, String question, byte[] image, SamplingParams sampling, Api api) {
        this(model, Conversation.question(question == null ? "" : question, image != null), image, sampling, api,
                "image");
    }

    /** The field names each API uses for the prompt and the token budget. */
    public enum Api {
        VQA("question", "max_new_tokens"),
        OPENAI("messages", "max_tokens");

        private final String promptField;
        private final String maxTokensField;

        Api(String promptField, String maxTokensField) {
            this.promptField = promptField;
            this.maxTokensField = maxTokensField;
        }

        public String promptField() {
            return promptField;
        }

        public String maxTokensField() {
            return maxTokensField;
        }
    }
}
