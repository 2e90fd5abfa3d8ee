package dev.lvlmserve.serving.variants;

import dev.lvlmserve.model.llava.LlavaCheckpoint;
import dev.lvlmserve.serving.store.NameClaims;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what unfinished work left in {@code variants/}: a staging directory ({@code .tmp-<name>@<generation>})
 * once its claim is no longer live — released, taken over, or expired in this replica's observation — and
 * {@code .del-} directories, which a deletion renamed away and so are nobody's. A live claim's staging directory is
 * another replica's build in progress and is left alone. A {@code .tmp-} directory without a generation comes from
 * a version before claims, when one replica owned the directory; it is removed as that version did.
 */
final class StagingSweep {
    private static final Logger log = LoggerFactory.getLogger(StagingSweep.class);

    private StagingSweep() {}

    static void sweep(Path variantsDir, NameClaims claims) {
        try (Stream<Path> entries = Files.list(variantsDir)) {
            for (Path dir : entries.filter(Files::isDirectory).toList()) {
                String name = dir.getFileName().toString();
                if (name.startsWith(".del-") || name.startsWith(".tmp-") && orphaned(name.substring(5), claims)) {
                    log.info("removing unfinished variant directory {}", dir);
                    LlavaCheckpoint.deleteTree(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("cannot sweep {}: {}", variantsDir, e.getMessage());
        }
    }

    /** {@code rest} is what follows {@code .tmp-}: {@code <name>@<generation>} ('@' is never in a variant name). */
    private static boolean orphaned(String rest, NameClaims claims) {
        int at = rest.lastIndexOf('@');
        return at < 0 || !claims.isLive(rest.substring(0, at), rest.substring(at + 1));
    }
}
