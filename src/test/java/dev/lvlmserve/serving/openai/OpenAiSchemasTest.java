package dev.lvlmserve.serving.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lvlmserve.serving.TestHttp;
import org.junit.jupiter.api.Test;

/** The schema checker can fail: documents that break the spec in the ways this server once did are caught. */
class OpenAiSchemasTest {
    static final String GOOD = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,
             "message":{"role":"assistant","content":"x","refusal":null},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""";

    @Test
    void aConformingCompletionPasses() {
        assertThat(OpenAiSchemas.problems(OpenAiSchemas.CHAT_COMPLETION, TestHttp.JSON.readTree(GOOD))).isEmpty();
    }

    @Test
    void missingOrMistypedMembersAreReported() {
        assertThat(problems(GOOD.replace(",\"refusal\":null", ""))).containsExactly(
                "$.choices[0].message.refusal: required, missing");
        assertThat(problems(GOOD.replace("\"logprobs\":null,", ""))).containsExactly(
                "$.choices[0].logprobs: required, missing");
        assertThat(problems(GOOD.replace("\"created\":1", "\"created\":\"now\""))).hasSize(1);
        assertThat(problems(GOOD.replace("\"stop\"", "\"cancelled\""))).hasSize(1);
        assertThat(problems(GOOD.replace("\"total_tokens\":2", "\"total_tokens\":2.5"))).hasSize(1);
        assertThat(OpenAiSchemas.problems(OpenAiSchemas.ERROR, TestHttp.JSON.readTree(
                "{\"error\":{\"message\":\"m\",\"type\":\"t\",\"code\":null}}"))).containsExactly(
                "$.error.param: required, missing");
        assertThat(OpenAiSchemas.problems(OpenAiSchemas.CHAT_COMPLETION_CHUNK, TestHttp.JSON.readTree(
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
                        + "[{\"index\":0,\"delta\":{\"content\":5}}]}"))).containsExactlyInAnyOrder(
                "$.choices[0].delta.content: expected string, was number 5",
                "$.choices[0].finish_reason: required, missing");
    }

    private static java.util.List<String> problems(String json) {
        return OpenAiSchemas.problems(OpenAiSchemas.CHAT_COMPLETION, TestHttp.JSON.readTree(json));
    }
}
