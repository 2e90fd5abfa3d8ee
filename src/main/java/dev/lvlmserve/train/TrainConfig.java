package dev.lvlmserve.train;

import dev.lvlmserve.model.config.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything that determines a training run (captionFraction: the share of each batch spent on the dense
 * "Describe the image." task, see {@link dev.lvlmserve.bench.suite.Captions}; patchLossWeight: the training-only
 * per-patch attribute loss, see {@link CellLabels}, scored by a free "linear" probe or by the decoder's word
 * "embedding"s (patchProbe); locateFraction: the share spent on "Where is the red circle?", see
 * {@link dev.lvlmserve.train.questions.Locate}; attentionHeads: heads {@link AttentionSupervision} teaches where to
 * look (task, layer, head, loss weight; none by default); answerProbeLayer/answerProbeWeight: the
 * existence {@link AnswerProbe} (off by default); choiceDrillFraction: the share spent on
 * {@link dev.lvlmserve.train.questions.ChoiceDrill} multiple-choice drills; subjectsFromQuestions: every suite's
 * question that names a type in full supplies the subject for heads and probes (else only POPE's); optionProbeLayer/
 * optionProbeWeight: the multiple-choice {@link AnswerProbe} (off by default); contentProbeLayer/
 * contentProbeWeight: the answer-content {@link AnswerProbe}s (off by default); subjectsByPlaceOrAttribute: with
 * subjectsFromQuestions, questions that name an object by its place or one attribute supply a subject too
 * ({@link dev.lvlmserve.train.questions.QuestionSubject}); attentionFloor: what
 * {@link AttentionSupervision} adds to the mass before the log (1e-6 by default, as stages 3–5); stopAfter: end
 * this run early on the schedule of {@code steps}; lossNormalization: "token" or "sample") of the default model;
 * the committed checkpoint records the file and the seed, so the run can be repeated. Read from a JSON file with
 * these field names.
 */
public record TrainConfig(
        long seed,
        int steps,
        int batchSize,
        double peakLr,
        int warmupSteps,
        double minLrRatio,
        double weightDecay,
        double gradClip,
        int evalEvery,
        int evalSamplesPerSuite,
        List<String> suites,
        int imageSize,
        int patchSize,
        int visionHidden,
        int visionLayers,
        int visionHeads,
        int textHidden,
        int textLayers,
        int textHeads,
        int textKvHeads,
        int textIntermediate,
        double initStd,
        double captionFraction,
        double patchLossWeight,
        int stopAfter,
        String lossNormalization,
        Double locateFraction,
        String patchProbe,
        List<HeadSupervision> attentionHeads,
        Integer answerProbeLayer,
        Double answerProbeWeight,
        Double choiceDrillFraction,
        Boolean subjectsFromQuestions,
        Integer optionProbeLayer,
        Double optionProbeWeight,
        Double attentionFloor,
        Integer contentProbeLayer,
        Double contentProbeWeight,
        Boolean subjectsByPlaceOrAttribute) {

    /** One head taught where to look ({@link AttentionSupervision}); task names as in its {@code Task}, lower case. */
    public record HeadSupervision(String task, int layer, int head, double weight) {
        public HeadSupervision {
            AttentionSupervision.Task.valueOf(task.toUpperCase(java.util.Locale.ROOT)); // fails early on a typo
            if (layer < 0 || head < 0 || weight <= 0) {
                throw new IllegalArgumentException("attention head supervision needs layer, head >= 0, weight > 0");
            }
        }

        AttentionSupervision.Task parsedTask() {
            return AttentionSupervision.Task.valueOf(task.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * The fields added after the first stages default to what those stages did: no locate task, linear probe, no
     * answer, option or content probe, no choice drills, subjects only from POPE, attention floor 1e-6.
     */
    public TrainConfig {
        patchProbe = patchProbe == null ? "linear" : patchProbe;
        locateFraction = locateFraction == null ? 0.0 : locateFraction;
        answerProbeWeight = answerProbeWeight == null ? 0.0 : answerProbeWeight;
        if (answerProbeWeight > 0 && (answerProbeLayer == null || answerProbeLayer < 0)) {
            throw new IllegalArgumentException("answerProbeWeight needs answerProbeLayer");
        }
        choiceDrillFraction = choiceDrillFraction == null ? 0.0 : choiceDrillFraction;
        subjectsFromQuestions = subjectsFromQuestions != null && subjectsFromQuestions;
        subjectsByPlaceOrAttribute = subjectsByPlaceOrAttribute != null && subjectsByPlaceOrAttribute;
        if (subjectsByPlaceOrAttribute && !subjectsFromQuestions) {
            throw new IllegalArgumentException("subjectsByPlaceOrAttribute needs subjectsFromQuestions");
        }
        optionProbeWeight = optionProbeWeight == null ? 0.0 : optionProbeWeight;
        attentionFloor = attentionFloor == null ? 1e-6 : attentionFloor;
        contentProbeWeight = contentProbeWeight == null ? 0.0 : contentProbeWeight;
        if (contentProbeWeight > 0 && (contentProbeLayer == null || contentProbeLayer < 0)) {
            throw new IllegalArgumentException("contentProbeWeight needs contentProbeLayer");
        }
        if (!(attentionFloor > 0)) {
            throw new IllegalArgumentException("attentionFloor must be > 0");
        }
        if (optionProbeWeight > 0 && (optionProbeLayer == null || optionProbeLayer < 0)) {
            throw new IllegalArgumentException("optionProbeWeight needs optionProbeLayer");
        }
        attentionHeads = attentionHeads == null ? List.of() : List.copyOf(attentionHeads);
        if (!patchProbe.equals("linear") && !patchProbe.equals("embedding")) {
            throw new IllegalArgumentException("patchProbe must be linear or embedding, not " + patchProbe);
        }
        if (captionFraction + locateFraction + choiceDrillFraction > 1) {
            throw new IllegalArgumentException(
                    "captionFraction + locateFraction + choiceDrillFraction must not exceed 1");
        }
    }

    /** Which suite questions supply a subject for the heads and probes. */
    public SuiteTrainingData.Subjects subjects() {
        if (subjectsByPlaceOrAttribute) {
            return SuiteTrainingData.Subjects.ANY_NAME;
        }
        return subjectsFromQuestions ? SuiteTrainingData.Subjects.FULL_TYPES : SuiteTrainingData.Subjects.POPE;
    }

    public boolean embeddingProbe() {
        return "embedding".equals(patchProbe);
    }

    /** Steps this run takes: {@code stopAfter} when set (a stage that ends early on a longer schedule). */
    public int stepsToRun() {
        return stopAfter > 0 ? Math.min(stopAfter, steps) : steps;
    }

    /** "sample": every example weighs the same however many target tokens it has; "token": a plain token mean. */
    public boolean perSampleLoss() {
        return "sample".equals(lossNormalization);
    }

    public static TrainConfig read(Path file) throws IOException {
        return Json.MAPPER.readValue(Files.readString(file), TrainConfig.class);
    }

    public String toJson() {
        return Json.MAPPER.writeValueAsString(this);
    }
}
