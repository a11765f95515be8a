package io.opsnotify.cli;

import java.util.Collection;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every example in every command's help (its footer) is a command line that parses, and every
 * AWS id or ARN in it has the shape {@link AwsOptions} requires: an example copied from the help
 * must never be refused as invalid input. Parsed only, never run.
 */
class HelpExamplesTest {
    static CommandLine fresh() {
        return Opsnotify.commandLine(new CliContext(Map.of(), ScriptedConfirmer.noTerminal()),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    /** The footer's examples (lines starting "opsnotify "): continuation lines joined, comments removed. */
    static List<String> examples(String[] footer) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : footer) {
            String l = line.replaceAll("\\s+#.*$", "").strip();
            if (cur.length() == 0 && !l.startsWith("opsnotify ")) {
                continue; // prose between the examples
            }
            boolean more = l.endsWith("\\");
            cur.append(more ? l.substring(0, l.length() - 1) : l).append(' ');
            if (!more) {
                if (!cur.toString().isBlank()) {
                    out.add(cur.toString().strip());
                }
                cur.setLength(0);
            }
        }
        return out;
    }

    /** Shell words: whitespace-separated, double quotes grouping (enough for the examples). */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        var m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out;
    }

    @Test
    void everyHelpExample_shouldParse_withValidAwsValues() {
        int checked = 0;
        SoftAssertions soft = new SoftAssertions();
        for (CommandLine sub : fresh().getSubcommands().values()) {
            String name = sub.getCommandName();
            if (name.equals("help")) {
                continue;
            }
            for (String example : examples(sub.getCommandSpec().usageMessage().footer())) {
                List<String> args = words(example);
                soft.assertThat(args).as(example).startsWith("opsnotify", name);
                CommandLine cl = fresh();
                soft.assertThatCode(() -> {
                    CommandLine.ParseResult parsed = cl.parseArgs(args.subList(1, args.size()).toArray(String[]::new));
                    CommandLine.ParseResult command = parsed.subcommand();
                    AwsOptions.AWS_VALUES.forEach((option, check) -> {
                        if (command.hasMatchedOption(option)) {
                            Object v = command.matchedOption(option).getValue();
                            for (Object each : v instanceof Collection<?> c ? c : List.of(v)) {
                                check.accept(String.valueOf(each), option);
                            }
                        }
                    });
                }).as(example).doesNotThrowAnyException();
                checked++;
            }
        }
        soft.assertAll();
        assertThat(checked).isGreaterThan(15);
    }
}
