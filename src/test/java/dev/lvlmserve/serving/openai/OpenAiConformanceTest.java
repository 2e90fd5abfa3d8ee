package dev.lvlmserve.serving.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lvlmserve.model.llava.Conversation;
import dev.lvlmserve.model.llava.PromptFormat;
import dev.lvlmserve.model.tokenizer.TextTokenizer;
import dev.lvlmserve.serving.ServerApplication;
import dev.lvlmserve.serving.ServingFixtures;
import dev.lvlmserve.serving.TestHttp;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAI-compatible endpoints over HTTP against the tiny fixture model: every response (plain, each stream
 * chunk, models, errors) checked against OpenAI's published schemas ({@link OpenAiSchemas}), and each honoured
 * request field shown to change the answer as OpenAI defines it. Answers are made long where a test needs it by
 * banning the special tokens (end of sequence included) with {@code logit_bias}.
 */
@SpringBootTest(classes = ServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenAiConformanceTest {
    static final String CHAT = "/v1/chat/completions";
    static TextTokenizer tokenizer;
    static Map<String, Object> banSpecials;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        Path data = ServingFixtures.tempDir("lvlm-openai-data-");
        r.add("lvlm.models.fixture", () -> ServingFixtures.tinyModel().toString());
        r.add("lvlm.data-dir", data::toString);
        r.add("lvlm.limits.max-max-tokens", () -> "256");
        r.add("lvlm.limits.max-prompt-tokens", () -> "512");
        r.add("lvlm.limits.max-image-bytes", () -> "256KB");
    }

    @BeforeAll
    static void tokens() throws IOException {
        tokenizer = TextTokenizer.load(ServingFixtures.tinyModel());
        Set<Long> specials = new HashSet<>(List.of(tokenizer.eosId(), tokenizer.bosId(), tokenizer.padId(),
                tokenizer.imageTokenId()));
        tokenizer.unkId().ifPresent(specials::add);
        banSpecials = new LinkedHashMap<>();
        specials.forEach(id -> banSpecials.put(Long.toString(id), -100));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @LocalServerPort
    int port;

    TestHttp http() {
        return new TestHttp(port);
    }

    static String image() {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(ServingFixtures.png(Color.RED, 32));
    }

    /** A request about the red-square image with {@code extra} fields. */
    static Map<String, Object> chat(Object... extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", "default");
        m.put("max_tokens", 6);
        m.put("messages", List.of(Map.of("role", "user", "content", List.of(
                Map.of("type", "text", "text", "what shape is red"),
                Map.of("type", "image_url", "image_url", Map.of("url", image()))))));
        for (int i = 0; i < extra.length; i += 2) {
            m.put((String) extra[i], extra[i + 1]);
        }
        return m;
    }

    JsonNode plain(Map<String, Object> request) {
        TestHttp.Res r = http().postJson(CHAT, request);
        assertEquals(200, r.status(), r.text());
        assertThat(OpenAiSchemas.problems(OpenAiSchemas.CHAT_COMPLETION, r.json())).isEmpty();
        assertThat(r.header("x-request-id")).matches("req_[0-9a-f]{32}");
        return r.json();
    }

    static String content(JsonNode completion) {
        return completion.path("choices").get(0).path("message").path("content").asString();
    }

    @Test
    void modelsConformAndDefaultIsAListedAlias() {
        TestHttp.Res list = http().get("/v1/models");
        assertThat(OpenAiSchemas.problems(OpenAiSchemas.MODEL_LIST, list.json())).isEmpty();
        List<String> ids = new ArrayList<>();
        list.json().path("data").forEach(m -> {
            ids.add(m.path("id").asString());
            assertThat(m.path("created").asLong()).isBetween(1_700_000_000L, System.currentTimeMillis() / 1000 + 1);
        });
        assertThat(ids).containsExactly("fixture", "default");
        TestHttp.Res alias = http().get("/v1/models/default");
        assertThat(OpenAiSchemas.problems(OpenAiSchemas.MODEL, alias.json())).isEmpty();
        assertThat(alias.json().path("created").asLong()).isEqualTo(list.json().path("data").get(0).path("created")
                .asLong());
        assertThat(alias.header("x-request-id")).isNotBlank();
    }

    @Test
    void aPlainAnswerConforms() {
        JsonNode c = plain(chat());
        assertThat(c.path("id").asString()).matches("chatcmpl-[A-Za-z0-9]{29}");
        assertThat(c.path("system_fingerprint").asString()).matches("fp_[0-9a-f]{10}");
        assertThat(c.path("created").asLong()).isCloseTo(System.currentTimeMillis() / 1000,
                org.assertj.core.data.Offset.offset(120L));
        JsonNode message = c.path("choices").get(0).path("message");
        assertThat(message.has("refusal") && message.path("refusal").isNull()).isTrue();
        assertThat(c.path("choices").get(0).path("logprobs").isNull()).isTrue();
    }

    /** A user message that is an image alone is answered (as OpenAI does); text alone must not be empty. */
    @Test
    void anImageWithoutTextIsAnsweredButAnEmptyTextIsNot() {
        Map<String, Object> imageOnly = chat("messages", List.of(Map.of("role", "user", "content", List.of(
                Map.of("type", "image_url", "image_url", Map.of("url", image()))))));
        JsonNode c = plain(imageOnly);
        assertThat(c.path("usage").path("prompt_tokens").asInt()).isGreaterThan(0);
        TestHttp.Res empty = http().postJson(CHAT, chat("messages", List.of(Map.of("role", "user", "content", " "))));
        assertEquals(400, empty.status(), empty.text());
        assertThat(empty.json().path("error").path("code").asString()).isEqualTo("missing_prompt");
        assertThat(empty.json().path("error").path("param").asString()).isEqualTo("messages");
    }

    @Test
    void everyStreamChunkConformsAndUsageIsNullUntilTheLast() {
        List<JsonNode> chunks = SseClient.post(port, CHAT, chat("stream", true, "stream_options",
                Map.of("include_usage", true))).chunks();
        assertThat(chunks.size()).isGreaterThanOrEqualTo(3);
        for (JsonNode ch : chunks) {
            assertThat(OpenAiSchemas.problems(OpenAiSchemas.CHAT_COMPLETION_CHUNK, ch)).as(ch.toString()).isEmpty();
            assertThat(ch.path("id").asString()).isEqualTo(chunks.getFirst().path("id").asString());
            assertThat(ch.path("created").asLong()).isEqualTo(chunks.getFirst().path("created").asLong());
        }
        assertThat(chunks.getFirst().path("choices").get(0).path("delta").path("role").asString())
                .isEqualTo("assistant");
        for (JsonNode ch : chunks.subList(0, chunks.size() - 1)) {
            assertThat(ch.has("usage") && ch.path("usage").isNull()).as(ch.toString()).isTrue();
        }
        JsonNode last = chunks.getLast();
        assertThat(last.path("choices").isEmpty()).isTrue();
        assertThat(last.path("usage").path("total_tokens").asInt()).isPositive();
        List<JsonNode> plainStream = SseClient.post(port, CHAT, chat("stream", true)).chunks();
        assertThat(plainStream).allSatisfy(ch -> {
            assertThat(OpenAiSchemas.problems(OpenAiSchemas.CHAT_COMPLETION_CHUNK, ch)).isEmpty();
            assertThat(ch.has("usage")).isFalse();
        });
    }

    /**
     * Tokens leave as they are made: over a real socket, the content chunks of a 200-token answer arrive spread
     * over most of the time the request took, and the role chunk and the first token come long before the end.
     */
    @Test
    void tokensStreamAsTheyAreMade() {
        SseClient.post(port, CHAT, chat("stream", true, "max_tokens", 2)); // warm the path (class loading, JIT)
        SseClient.Stream s = SseClient.post(port, CHAT, chat("stream", true, "max_tokens", 200, "logit_bias",
                banSpecials));
        List<Long> content = s.contentArrivals();
        assertThat(content).hasSizeGreaterThan(150);
        double total = s.doneNanos() - s.sentNanos();
        double spread = content.getLast() - content.getFirst();
        System.out.printf("stream of %d content chunks: role after %.0f ms, first after %.0f ms, last after %.0f"
                + " ms, [DONE] after %.0f ms; spread/total %.2f%n", content.size(),
                (s.roleArrival() - s.sentNanos()) / 1e6, (content.getFirst() - s.sentNanos()) / 1e6,
                (content.getLast() - s.sentNanos()) / 1e6, total / 1e6, spread / total);
        assertThat(spread / total).as("spread of content chunks over the request's time").isGreaterThan(0.3);
        assertThat(content.getFirst() - s.sentNanos()).as("first token before generation ends")
                .isLessThan((long) (0.5 * total));
        assertThat(s.roleArrival()).isLessThanOrEqualTo(content.getFirst());
    }

    @Test
    void stopEndsTheAnswerBeforeTheStopStringPlainAndStreamed() {
        JsonNode free = plain(chat("max_tokens", 12, "logit_bias", banSpecials));
        String text = content(free);
        String[] words = text.split(" ");
        assertThat(words.length).as("a 12-token answer").isGreaterThan(4);
        String stop = " " + words[3];
        String expected = text.substring(0, text.indexOf(stop));
        JsonNode stopped = plain(chat("max_tokens", 12, "logit_bias", banSpecials, "stop", List.of(stop, "@@")));
        assertThat(content(stopped)).isEqualTo(expected);
        assertThat(stopped.path("choices").get(0).path("finish_reason").asString()).isEqualTo("stop");
        assertThat(stopped.path("usage").path("completion_tokens").asInt()).isLessThan(12);
        SseClient.Stream streamed = SseClient.post(port, CHAT, chat("max_tokens", 12, "logit_bias", banSpecials,
                "stop", stop, "stream", true));
        assertThat(streamed.text()).isEqualTo(expected);
        assertThat(streamed.finishReason()).isEqualTo("stop");
        assertThat(free.path("choices").get(0).path("finish_reason").asString()).isEqualTo("length");
    }

    @Test
    void logprobsDescribeEachReturnedToken() {
        JsonNode c = plain(chat("max_tokens", 8, "logit_bias", banSpecials, "logprobs", true, "top_logprobs", 3));
        JsonNode lp = c.path("choices").get(0).path("logprobs");
        assertThat(lp.path("refusal").isNull()).isTrue();
        assertThat(lp.path("content").size()).isEqualTo(c.path("usage").path("completion_tokens").asInt());
        StringBuilder joined = new StringBuilder();
        for (JsonNode t : lp.path("content")) {
            assertThat(t.path("top_logprobs").size()).isEqualTo(3);
            assertThat(t.path("logprob").asDouble()).isNegative()
                    .isLessThanOrEqualTo(t.path("top_logprobs").get(0).path("logprob").asDouble());
            joined.append(joined.isEmpty() ? "" : " ").append(t.path("token").asString());
        }
        assertThat(joined.toString()).isEqualTo(content(c)); // word-level pieces, joined by spaces
        JsonNode none = plain(chat("logprobs", false));
        assertThat(none.path("choices").get(0).path("logprobs").isNull()).isTrue();
        SseClient.Stream streamed = SseClient.post(port, CHAT, chat("max_tokens", 8, "logit_bias", banSpecials,
                "logprobs", true, "stream", true));
        assertThat(streamed.logprobTokens()).isEqualTo(8);
    }

    @Test
    void logitBiasForcesOrBansATokenAndMaxCompletionTokensBoundsTheAnswer() {
        long word = tokenizer.tokenId("red").orElseThrow();
        Map<String, Object> force = new LinkedHashMap<>(banSpecials);
        force.put(Long.toString(word), 100);
        JsonNode forced = plain(chat("max_completion_tokens", 5, "max_tokens", 50, "logit_bias", force));
        assertThat(content(forced)).isEqualTo("red red red red red");
        assertThat(forced.path("usage").path("completion_tokens").asInt()).isEqualTo(5);
        assertThat(forced.path("choices").get(0).path("finish_reason").asString()).isEqualTo("length");
        String first = content(plain(chat("max_tokens", 1, "logit_bias", banSpecials)));
        Map<String, Object> ban = new LinkedHashMap<>(banSpecials);
        ban.put(Long.toString(tokenizer.tokenId(first).orElseThrow()), -100);
        assertThat(content(plain(chat("max_tokens", 1, "logit_bias", ban)))).isNotEqualTo(first);
    }

    /**
     * Either penalty of 2 makes a greedy answer repeat no token, where without it the answer repeats: once a token
     * has appeared its logit drops by 2, and at every step some unused token among the 20 most likely is within
     * 2 of the best (checked from the returned log-probabilities, which are of the unpenalised distribution).
     */
    @Test
    void frequencyAndPresencePenaltiesStopRepetition() {
        List<String> free = tokens(plain(chat("max_tokens", 12, "logit_bias", banSpecials, "logprobs", true,
                "top_logprobs", 20)));
        assertThat(new HashSet<>(free)).as("precondition: the unpenalised answer repeats a token " + free)
                .hasSizeLessThan(free.size());
        for (String penalty : List.of("frequency_penalty", "presence_penalty")) {
            JsonNode c = plain(chat("max_tokens", 12, "logit_bias", banSpecials, "logprobs", true, "top_logprobs",
                    20, penalty, 2));
            for (JsonNode t : c.path("choices").get(0).path("logprobs").path("content")) {
                JsonNode top = t.path("top_logprobs");
                assertThat(top.get(0).path("logprob").asDouble() - top.get(19).path("logprob").asDouble())
                        .as("precondition: the 20 most likely tokens lie within 2").isLessThan(2.0);
            }
            List<String> penalised = tokens(c);
            assertThat(penalised).as(penalty).doesNotHaveDuplicates().hasSize(12);
        }
    }

    private static List<String> tokens(JsonNode c) {
        List<String> out = new ArrayList<>();
        c.path("choices").get(0).path("logprobs").path("content").forEach(t -> out.add(t.path("token").asString()));
        return out;
    }

    @Test
    void systemMessagesAndEarlierTurnsGoThroughTheChatFormat() {
        Map<String, Object> request = chat();
        request.put("messages", List.of(Map.of("role", "system", "content", "Answer with one word."),
                Map.of("role", "user", "content", List.of(Map.of("type", "image_url", "image_url",
                        Map.of("url", image())), Map.of("type", "text", "text", "what color is it"))),
                Map.of("role", "assistant", "content", "red"),
                Map.of("role", "user", "content", "and the shape")));
        JsonNode c = plain(request);
        Conversation expected = new Conversation("Answer with one word.", List.of(
                new Conversation.Turn(true, "what color is it", true), new Conversation.Turn(false, "red", false),
                new Conversation.Turn(true, "and the shape", false)));
        long[] ids = tokenizer.encode(PromptFormat.llava15(expected), true);
        int imagePositions = 16 - 1; // the fixture's image expands to 16 positions, replacing its one token
        assertThat(c.path("usage").path("prompt_tokens").asInt()).isEqualTo(ids.length + imagePositions);
    }

    @Test
    void seedUserAndNOneAreHonoured() {
        Map<String, Object> hot = chat("max_tokens", 10, "temperature", 1.5, "seed", 7, "user", "user-1234", "n", 1,
                "logit_bias", banSpecials);
        String a = content(plain(hot));
        assertThat(content(plain(hot))).isEqualTo(a);
        JsonNode c = plain(hot);
        assertThat(c.path("choices").size()).isEqualTo(1);
    }

    @Test
    void errorsConformAndNameTheFieldAndTheRequest() {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
                new ch.qos.logback.core.read.ListAppender<>();
        log.start();
        ch.qos.logback.classic.Logger access = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                "lvlm.access");
        access.addAppender(log);
        record Bad(Object body, String contentType, int status, String param) {}
        Map<String, Object> noModel = chat();
        noModel.remove("model");
        Map<String, Object> badImage = chat();
        badImage.put("messages", List.of(Map.of("role", "user", "content", List.of(
                Map.of("type", "text", "text", "what"), Map.of("type", "image_url", "image_url",
                        Map.of("url", "data:image/png;base64," + Base64.getEncoder().encodeToString(
                                ServingFixtures.corruptPng())))))));
        List<Bad> cases = List.of(new Bad(noModel, "application/json", 400, "model"),
                new Bad(chat("model", "nope"), "application/json", 404, null),
                new Bad(badImage, "application/json", 400, "messages[0].content[1].image_url"),
                new Bad(chat("tools", List.of(Map.of("type", "function", "function", Map.of("name", "f")))),
                        "application/json", 400, "tools"),
                new Bad(chat("frequency_penalty", 3), "application/json", 400, "frequency_penalty"),
                new Bad("hello", "text/plain", 400, null),
                new Bad("{\"model\":\"default\",\"messages\":[", "application/json", 400, "messages"));
        for (Bad b : cases) {
            byte[] body = b.body() instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : TestHttp.JSON.writeValueAsBytes(b.body());
            TestHttp.Res r = http().post(CHAT, b.contentType(), body);
            assertThat(r.status()).as(r.text()).isEqualTo(b.status());
            assertThat(OpenAiSchemas.problems(OpenAiSchemas.ERROR, r.json())).as(r.text()).isEmpty();
            assertThat(r.json().path("error").path("param").isNull() ? null : r.json().path("error").path("param")
                    .asString()).isEqualTo(b.param());
            assertThat(r.json().path("error").path("type").asString()).isEqualTo("invalid_request_error");
            assertThat(r.json().path("error").path("request_id").asString()).isEqualTo(r.header("x-request-id"));
            assertThat(r.text()).doesNotContain("java.", "Exception", "tools.jackson");
            assertThat(log.list).map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).startsWith("POST /v1/chat/completions " + b.status() + " ")
                            .endsWith(" id=" + r.header("x-request-id")));
        }
        access.detachAppender(log);
        TestHttp.Res unknown = http().get("/v1/embeddings");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(OpenAiSchemas.problems(OpenAiSchemas.ERROR, unknown.json())).isEmpty();
        assertThat(unknown.header("x-request-id")).isNotBlank();
        TestHttp.Res tomcat = http().get("/v1/models%2Fx"); // refused by Tomcat before any filter runs
        assertThat(tomcat.status()).isEqualTo(400);
        assertThat(tomcat.json().path("error").path("request_id").asString()).isEqualTo(tomcat.header(
                "x-request-id")).startsWith("req_");
    }
}
