package dev.lvlmserve.model.llava;

/**
 * LLaVA-1.5's conversation format, {@code conv_vicuna_v1} of the LLaVA repository: the system text, then
 * {@code USER: ...} and {@code ASSISTANT: ...} turns, a space after each user turn and the end-of-sequence token
 * after each earlier answer, ending with {@code ASSISTANT:} for the model to continue. The image placeholder opens
 * the user turn that holds it. One user turn without a system text renders as llava-hf's chat template does:
 * {@code USER: <image>\n{question} ASSISTANT:}.
 */
public final class PromptFormat {
    public static final String IMAGE = "<image>";
    /** What closes an earlier answer: LLaMA's end-of-sequence token, as LLaVA-1.5 was trained. */
    static final String END_OF_ANSWER = "</s>";

    private PromptFormat() {}

    public static String llava15(String question, boolean withImage) {
        return llava15(Conversation.question(question, withImage));
    }

    public static String llava15(Conversation c) {
        StringBuilder p = new StringBuilder();
        if (!c.system().isBlank()) {
            p.append(c.system().strip()).append(' ');
        }
        for (Conversation.Turn t : c.turns()) {
            if (t.user()) {
                p.append("USER: ").append(t.image() ? IMAGE + "\n" : "").append(t.text()).append(' ');
            } else {
                p.append("ASSISTANT: ").append(t.text()).append(END_OF_ANSWER);
            }
        }
        return p.append("ASSISTANT:").toString();
    }
}
