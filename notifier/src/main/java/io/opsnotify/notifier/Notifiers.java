package io.opsnotify.notifier;

import io.opsnotify.notifier.config.ConfigException;
import io.opsnotify.notifier.config.ConfigLoader;
import io.opsnotify.notifier.config.ConfigProblem;
import io.opsnotify.notifier.config.NotifierConfig;
import io.opsnotify.notifier.db.JdbcRowSource;
import io.opsnotify.notifier.db.RowSource;
import io.opsnotify.notifier.dns.NotifierResolver;
import io.opsnotify.notifier.slack.WebhookClient;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Builds a {@link Notifier} from configuration: the one place where the parts are wired. */
public final class Notifiers {
    /** Environment variable naming the config file; without it, opsnotify.yaml on the classpath. */
    public static final String CONFIG_ENV = "OPSNOTIFY_CONFIG";
    public static final String CONFIG_RESOURCE = "/" + ConfigLoader.DEFAULT_FILE;

    private Notifiers() {
    }

    /** @param logLines receives the one JSON log line per event */
    public static Notifier create(NotifierConfig config, Consumer<String> logLines) {
        return create(config, logLines, NotifierResolver.builder(config.dns()).log(logLines).build());
    }

    /** @param resolver resolves the database host (instead of the JVM's resolver) */
    public static Notifier create(NotifierConfig config, Consumer<String> logLines, NotifierResolver resolver) {
        return new Notifier(config, new JdbcRowSource(config.database(), resolver),
                new WebhookClient(config.slack(), config.redactor()),
                new EventLog(logLines, Clock.systemUTC()));
    }

    /** @param rows where rows come from instead of the configured replica (the demo's embedded database) */
    public static Notifier create(NotifierConfig config, Consumer<String> logLines, RowSource rows) {
        return new Notifier(config, rows, new WebhookClient(config.slack(), config.redactor()),
                new EventLog(logLines, Clock.systemUTC()));
    }

    /**
     * The Lambda's configuration: the file named by OPSNOTIFY_CONFIG, else the opsnotify.yaml
     * that deploy packaged into the function (the task root is on the classpath).
     */
    public static NotifierConfig configFromEnvironment(Map<String, String> env) {
        ConfigLoader loader = new ConfigLoader(env);
        String path = env.get(CONFIG_ENV);
        if (path != null && !path.isBlank()) {
            return loader.load(Path.of(path), ConfigLoader.Options.STRICT);
        }
        InputStream in = Notifiers.class.getResourceAsStream(CONFIG_RESOURCE);
        if (in == null) {
            throw new ConfigException("opsnotify", List.of(new ConfigProblem(ConfigProblem.Kind.FILE, 0, 0, "",
                    "no configuration: set " + CONFIG_ENV + " or package " + ConfigLoader.DEFAULT_FILE
                            + " with the function (opsnotify deploy does)")));
        }
        return loader.load(in, "classpath:" + CONFIG_RESOURCE, ConfigLoader.Options.STRICT);
    }
}
