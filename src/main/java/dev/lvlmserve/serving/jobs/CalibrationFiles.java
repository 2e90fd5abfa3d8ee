package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.bench.export.DatasetReader;
import dev.lvlmserve.bench.export.ExternalSample;
import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.security.ConfinedFiles;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A prune request's calibration file, checked before the job is queued: it must lie inside
 * {@code lvlm.jobs.calibration-dir} ({@link ConfinedFiles}), parse as LLaVA-format JSONL, and every image it names
 * must lie inside that directory too. Refusals are 422s that never quote the file: what is wrong with its content
 * goes to the server log only.
 */
final class CalibrationFiles {
    private static final Logger log = LoggerFactory.getLogger(CalibrationFiles.class);
    private static final String PARAM = "calibration.path";

    private CalibrationFiles() {}

    /** The real path of the checked file, which the job then reads. */
    static String confine(Path dir, String path) {
        ConfinedFiles files = new ConfinedFiles(dir);
        Path jsonl = files.resolve(path).orElseThrow(() -> invalid("calibration.path must name a readable file "
                + "inside the calibration directory (lvlm.jobs.calibration-dir), relative to it."));
        List<ExternalSample> samples;
        try {
            samples = DatasetReader.read(jsonl);
        } catch (RuntimeException e) {
            log.info("calibration file {} refused: {}", jsonl, e.getMessage());
            throw invalid("The calibration file is not LLaVA-format JSONL (one sample object per line).");
        }
        if (samples.isEmpty()) {
            throw invalid("The calibration file holds no samples.");
        }
        for (int i = 0; i < samples.size(); i++) {
            if (files.resolve(samples.get(i).image()).isEmpty()) {
                throw invalid("Calibration sample " + (i + 1) + " names an image that is missing or outside the "
                        + "calibration directory.");
            }
        }
        return jsonl.toString();
    }

    private static ServingException invalid(String message) {
        return ServingException.unprocessable("invalid_calibration", message, PARAM);
    }
}
