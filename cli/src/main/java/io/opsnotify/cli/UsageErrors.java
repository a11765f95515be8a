package io.opsnotify.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import io.opsnotify.notifier.base.SafeText;
import java.io.PrintWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * How a usage error reads: picocli's message as one line, option groups named in plain words
 * ("give only one of --host or --config"), then {@code see 'opsnotify X --help'}; exit 2. Not the
 * whole help: 40-70 lines in which the error scrolls away.
 */
final class UsageErrors {
    private UsageErrors() {
    }

    /** A usage error: picocli's one message in plain words, then where to read more; exit 2. */
    static int handle(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("opsnotify: " + SafeText.line(plainWords(ex.getMessage(), cl.getCommandSpec())));
        err.println("see '" + cl.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static final Pattern EXCLUSIVE = Pattern.compile("(.+) are mutually exclusive \\(specify only one\\)");
    private static final Pattern ONE_OF = Pattern.compile("Missing required argument \\(specify one of these\\): (.+)");
    private static final Pattern OPTION_NAME = Pattern.compile("(--?[A-Za-z0-9][A-Za-z0-9-]*)(?:=\\S*)?");

    /** picocli's group messages name options with their labels ("--host=NAME, -c=FILE are mutually exclusive"). */
    static String plainWords(String message, CommandLine.Model.CommandSpec spec) {
        String m = message == null ? "invalid command line" : message.strip();
        m = m.startsWith("Error: ") ? m.substring("Error: ".length()) : m;
        Matcher x = EXCLUSIVE.matcher(m);
        if (x.matches()) {
            return "give only one of " + optionNames(x.group(1), spec);
        }
        if (m.startsWith("expected only one match but got ")) { // three or more of an exclusive group
            Set<String> given = new LinkedHashSet<>();
            Matcher braces = Pattern.compile("=\\{([^}]*)}").matcher(m);
            while (braces.find()) {
                given.addAll(names(braces.group(1), spec, false));
            }
            return "give only one of " + joinOr(new ArrayList<>(given), m);
        }
        Matcher one = ONE_OF.matcher(m);
        if (one.matches()) {
            return "give " + alternatives(one.group(1), spec);
        }
        return m;
    }

    /** "([--type=TYPE --id=ID] | --event-file=FILE)" -> "--type and --id, or --event-file". */
    private static String alternatives(String group, CommandLine.Model.CommandSpec spec) {
        String g = group.strip();
        if (g.startsWith("(") && g.endsWith(")")) {
            g = g.substring(1, g.length() - 1);
        }
        List<String> alts = topLevel(g, '|');
        List<String> phrases = new ArrayList<>();
        boolean compound = false;
        for (String alt : alts) {
            List<String> names = names(alt, spec, true);
            compound |= names.size() > 1;
            phrases.add(String.join(" and ", names));
        }
        return compound ? String.join(", or ", phrases) : joinOr(phrases, group);
    }

    /** The options named in {@code list}, each once by its long name; with {@code requiredOnly}, those a group requires. */
    private static List<String> names(String list, CommandLine.Model.CommandSpec spec, boolean requiredOnly) {
        Set<String> all = new LinkedHashSet<>();
        Set<String> required = new LinkedHashSet<>();
        Matcher o = OPTION_NAME.matcher(list);
        while (o.find()) {
            CommandLine.Model.OptionSpec opt = spec.findOption(o.group(1));
            String name = opt != null ? opt.longestName() : o.group(1);
            all.add(name);
            if (opt != null && opt.required()) {
                required.add(name);
            }
        }
        return new ArrayList<>(requiredOnly && !required.isEmpty() ? required : all);
    }

    /**
     * "--function=NAME, [--subnet-ids=ID[,ID...] [--security-group-ids=SG]]" -> "--function or
     * --subnet-ids": each member of the group once, by the long name of its first option.
     */
    private static String optionNames(String list, CommandLine.Model.CommandSpec spec) {
        Set<String> firsts = new LinkedHashSet<>();
        for (String member : topLevel(list.replace(" and ", ", "), ',')) {
            List<String> names = names(member, spec, true);
            if (!names.isEmpty()) {
                firsts.add(names.get(0));
            }
        }
        return joinOr(new ArrayList<>(firsts), list);
    }

    private static String joinOr(List<String> names, String fallback) {
        if (names.size() < 2) {
            return fallback;
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** Splits at {@code sep} outside () and []. */
    private static List<String> topLevel(String s, char sep) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            depth += c == '(' || c == '[' ? 1 : c == ')' || c == ']' ? -1 : 0;
            if (c == sep && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }
}
