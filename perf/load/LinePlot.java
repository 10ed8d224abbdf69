import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws a line plot of a {@code series,x,y} CSV file as a PNG, one colored line per series, with
 * a linear or logarithmic y axis. Run as a source file:
 * {@code java -Djava.awt.headless=true LinePlot.java IN.csv OUT.png TITLE XLABEL YLABEL log|linear}
 */
public class LinePlot {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 560;
    private static final int LEFT = 90;
    private static final int RIGHT = 230;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf), new Color(0x7f7f7f),
    };

    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: java LinePlot.java IN.csv OUT.png TITLE XLABEL YLABEL log|linear");
        }
        boolean log = args[5].equals("log");
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(new File(args[0]).toPath());
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            double x = Double.parseDouble(cells[1]);
            double y = Double.parseDouble(cells[2]);
            if (Double.isNaN(x) || Double.isNaN(y) || (log && y <= 0)) {
                continue;
            }
            series.computeIfAbsent(cells[0], s -> new ArrayList<>()).add(new double[] {x, y});
        }
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (List<double[]> points : series.values()) {
            points.sort((a, b) -> Double.compare(a[0], b[0]));
            for (double[] p : points) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                minY = Math.min(minY, p[1]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no points in " + args[0]);
        }
        if (log) {
            minY = Math.pow(10, Math.floor(Math.log10(minY)));
            maxY = Math.pow(10, Math.ceil(Math.log10(maxY)));
        } else {
            minY = 0;
            maxY = maxY <= 0 ? 1 : maxY * 1.1;
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(args[2], LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        Scale xs = new Scale(minX, maxX, LEFT, LEFT + plotWidth, false);
        Scale ys = new Scale(minY, maxY, TOP + plotHeight, TOP, log);

        g.setColor(new Color(0xdddddd));
        for (double tick : ys.ticks()) {
            int y = ys.at(tick);
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotWidth, plotHeight);
        for (double tick : ys.ticks()) {
            String label = format(tick);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), ys.at(tick) + 4);
        }
        for (double tick : xs.ticks()) {
            String label = format(tick);
            int x = xs.at(tick);
            g.drawLine(x, TOP + plotHeight, x, TOP + plotHeight + 5);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, TOP + plotHeight + 20);
        }
        g.drawString(args[3], LEFT + plotWidth / 2 - g.getFontMetrics().stringWidth(args[3]) / 2, HEIGHT - 25);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(args[4], -(TOP + plotHeight / 2) - g.getFontMetrics().stringWidth(args[4]) / 2, 25);
        rotated.dispose();

        int index = 0;
        for (Map.Entry<String, List<double[]>> entry : series.entrySet()) {
            Color color = COLORS[index % COLORS.length];
            g.setColor(color);
            g.setStroke(new BasicStroke(entry.getKey().contains("p50") ? 1.5f : 2.5f));
            List<double[]> points = entry.getValue();
            for (int i = 0; i < points.size(); i++) {
                int x = xs.at(points.get(i)[0]);
                int y = ys.at(points.get(i)[1]);
                if (i > 0) {
                    g.drawLine(xs.at(points.get(i - 1)[0]), ys.at(points.get(i - 1)[1]), x, y);
                }
                if (points.size() < 40) {
                    g.fillOval(x - 3, y - 3, 7, 7);
                }
            }
            int legendY = TOP + 20 + index * 22;
            g.fillRect(LEFT + plotWidth + 15, legendY - 9, 18, 10);
            g.setColor(Color.BLACK);
            g.drawString(entry.getKey(), LEFT + plotWidth + 40, legendY);
            index++;
        }
        g.dispose();
        ImageIO.write(image, "png", new File(args[1]));
    }

    private static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e9) {
            return String.format("%,d", (long) value);
        }
        return String.format("%.2g", value);
    }

    /** Maps data values to pixels along one axis. */
    private record Scale(double min, double max, int from, int to, boolean log) {
        int at(double value) {
            double share = log ? (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
                    : (value - min) / (max - min);
            return (int) Math.round(from + share * (to - from));
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (log) {
                for (double t = min; t <= max * 1.0001; t *= 10) {
                    ticks.add(t);
                }
                return ticks;
            }
            double step = Math.pow(10, Math.floor(Math.log10((max - min) / 5)));
            if ((max - min) / step > 10) {
                step *= (max - min) / step > 25 ? 5 : 2;
            }
            for (double t = Math.ceil(min / step) * step; t <= max; t += step) {
                ticks.add(t);
            }
            return ticks;
        }
    }
}
