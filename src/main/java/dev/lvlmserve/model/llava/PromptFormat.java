package dev.lvlmserve.model.llava;

/**
 * LLaVA-1.5's conversation format ({@code conv_vicuna_v1} without a system prompt, as llava-hf's chat template
 * renders one user turn): {@code USER: <image>\n{question} ASSISTANT:}.
 */
public final class PromptFormat {
    public static final String IMAGE = "<image>";

    private PromptFormat() {}

    public static String llava15(String question, boolean withImage) {
        return "USER: " + (withImage ? IMAGE + "\n" : "") + question + " ASSISTANT:";
    }
}
