package dev.tandem.perf.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The command line: a scenario name followed by {@code --name value} pairs; {@code --url} may repeat. */
public final class LoadOptions {

    public final String scenario;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> urls = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    private LoadOptions(String scenario) {
        this.scenario = scenario;
    }

    public static LoadOptions parse(String[] args) {
        if (args.length == 0 || args[0].startsWith("--")) {
            throw new IllegalArgumentException("the first argument is the scenario");
        }
        LoadOptions options = new LoadOptions(args[0]);
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value at " + args[i]);
            }
            String name = args[i].substring(2);
            String value = args[i + 1];
            switch (name) {
                case "url" -> options.urls.add(value);
                case "at" -> options.events.add(value);
                default -> options.values.put(name, value);
            }
        }
        return options;
    }

    public List<String> urls() {
        return urls.isEmpty() ? List.of("ws://127.0.0.1:8080/sharedb") : urls;
    }

    /** Commands to run during the run, each {@code SECONDS:COMMAND}, such as killing a node. */
    public List<String> events() {
        return events;
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    public double decimal(String name, double fallback) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
    }

    /** A comma-separated list of counts, such as a ramp of typists. */
    public List<Integer> integers(String name, String fallback) {
        List<Integer> list = new ArrayList<>();
        for (String part : string(name, fallback).split(",")) {
            if (!part.isBlank()) {
                list.add(Integer.parseInt(part.trim()));
            }
        }
        return list;
    }

    public Map<String, String> asMap() {
        Map<String, String> all = new LinkedHashMap<>(values);
        all.put("scenario", scenario);
        all.put("url", String.join(",", urls()));
        if (!events.isEmpty()) {
            all.put("at", String.join(";", events));
        }
        return all;
    }
}
