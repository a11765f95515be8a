package io.opsnotify.notifier.config;

import java.util.List;

/** The configuration is unusable. Carries every problem found, each with its location. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final transient List<ConfigProblem> problems;

    public ConfigException(String source, List<ConfigProblem> problems) {
        super(format(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** Where the configuration came from (a file name: may hold any character). */
    public String source() {
        return source;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String format(String source, List<ConfigProblem> problems) {
        StringBuilder sb = new StringBuilder();
        sb.append(source).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " configuration problem" : " configuration problems");
        for (ConfigProblem p : problems) {
            sb.append(System.lineSeparator()).append("  ").append(p);
        }
        return sb.toString();
    }
}
