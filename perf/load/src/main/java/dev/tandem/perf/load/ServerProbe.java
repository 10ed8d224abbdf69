package dev.tandem.perf.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the resource use of the server processes on this machine from {@code /proc}, and the heap
 * of a Java server after a full collection through {@code jcmd}. Values of processes that are gone
 * count as zero.
 */
public final class ServerProbe {

    private static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final List<Long> pids;

    public ServerProbe(List<Long> pids) {
        this.pids = List.copyOf(pids);
    }

    public static ServerProbe of(String commaSeparatedPids) {
        List<Long> pids = new ArrayList<>();
        for (String part : commaSeparatedPids.split(",")) {
            if (!part.isBlank()) {
                pids.add(Long.parseLong(part.trim()));
            }
        }
        return new ServerProbe(pids);
    }

    public boolean any() {
        return !pids.isEmpty();
    }

    /** Resident memory of all server processes, in bytes. */
    public long rssBytes() {
        long total = 0;
        for (long pid : pids) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // The process is gone, as after a kill in a failover run.
            }
        }
        return total;
    }

    /** CPU time used by all server processes so far, in seconds. */
    public double cpuSeconds() {
        double total = 0;
        for (long pid : pids) {
            total += cpuSecondsOf(Path.of("/proc", Long.toString(pid), "stat"));
        }
        return total;
    }

    /** CPU time this generator used so far, in seconds. */
    public static double ownCpuSeconds() {
        return cpuSecondsOf(Path.of("/proc/self/stat"));
    }

    private static double cpuSecondsOf(Path stat) {
        try {
            String text = Files.readString(stat);
            // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * The used heap of every Java server process after a full collection, in bytes, or -1 when a
     * process is not a JVM that {@code jcmd} can reach. The collection pauses the server: call it
     * between phases only.
     */
    public long heapAfterGcBytes() {
        long total = 0;
        for (long pid : pids) {
            if (!isJvm(pid)) {
                return -1;
            }
            String ran = jcmd(pid, "GC.run");
            String info = ran == null ? null : jcmd(pid, "GC.heap_info");
            Matcher used = info == null ? null : HEAP_USED.matcher(info);
            if (used == null || !used.find()) {
                return -1;
            }
            total += Long.parseLong(used.group(1)) * 1024;
        }
        return total;
    }

    /**
     * True if the process runs the {@code java} executable. {@code jcmd} sends SIGQUIT to make a
     * JVM open its attach listener, and that signal ends any other process, such as the Node peer.
     */
    private static boolean isJvm(long pid) {
        try {
            return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc", Long.toString(pid), "exe"))
                    .getFileName().toString().equals("java");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static String jcmd(long pid, String command) {
        try {
            Process process = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return output;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
