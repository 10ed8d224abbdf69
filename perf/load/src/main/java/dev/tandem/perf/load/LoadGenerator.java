package dev.tandem.perf.load;

/**
 * Drives a ShareDB-protocol server (Tandem or ShareDB itself) with simulated editors and writes the
 * results as JSON. Usage: {@code java -jar loadgen.jar SCENARIO [--name value]...}, where SCENARIO
 * is hot-doc, many-docs, idle-connections or reconnect-storm. Common options: {@code --url}
 * (repeatable, loopback only; default ws://127.0.0.1:8080/sharedb), {@code --type} (text-unicode or
 * rich-text), {@code --server-pid} (comma-separated, for CPU and memory), {@code --at SECONDS:COMMAND}
 * (repeatable, such as killing a node), {@code --seed}, {@code --out}.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: loadgen hot-doc|many-docs|idle-connections|reconnect-storm [--name value]...");
            System.exit(2);
            return;
        }
        int status = 0;
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(LoadRun.MAX_RUN_SECONDS * 1000);
                System.err.println("run failed: it passed the maximum of " + LoadRun.MAX_RUN_SECONDS + " s");
                System.exit(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try (LoadRun run = new LoadRun(options)) {
            switch (options.scenario) {
                case "hot-doc" -> HotDocument.run(run);
                case "many-docs" -> ManyDocuments.run(run);
                case "idle-connections" -> IdleConnections.run(run);
                case "reconnect-storm" -> ReconnectStorm.run(run);
                default -> throw new IllegalArgumentException("unknown scenario " + options.scenario);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("run failed: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }
}
