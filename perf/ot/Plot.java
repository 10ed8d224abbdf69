import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the PNG bar plot of results.csv: per case, Java and reference median ops/s on a log scale.
 * Run as a source file: java -Djava.awt.headless=true Plot.java results.csv plot.png
 */
public class Plot {

    record Row(String label, double java, double reference) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: java Plot.java RESULTS.csv OUT.png");
        }
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(new File(args[0]).toPath());
        for (String line : lines.subList(1, lines.size())) {
            int open = line.indexOf('"');
            int close = line.lastIndexOf('"');
            String kind = line.substring(0, open - 1);
            String name = line.substring(open + 1, close).replace("\"\"", "\"");
            String[] numbers = line.substring(close + 2).split(",");
            rows.add(new Row(kind + " | " + name, Double.parseDouble(numbers[0]), Double.parseDouble(numbers[1])));
        }

        int labelWidth = 430;
        int plotWidth = 620;
        int rowHeight = 38;
        int top = 60;
        int width = labelWidth + plotWidth + 40;
        int height = top + rows.size() * rowHeight + 60;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Row row : rows) {
            min = Math.min(min, Math.min(row.java, row.reference));
            max = Math.max(max, Math.max(row.java, row.reference));
        }
        int lowDecade = (int) Math.floor(Math.log10(Math.max(min, 1)));
        int highDecade = (int) Math.ceil(Math.log10(Math.max(max, 10)));

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);

        Color javaColor = new Color(0xD9, 0x5F, 0x02);
        Color referenceColor = new Color(0x1B, 0x9E, 0x77);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("Median ops/s per case, log scale (higher is faster)", 10, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(javaColor);
        g.fillRect(labelWidth, 34, 12, 12);
        g.setColor(Color.BLACK);
        g.drawString("Tandem (Java, JMH)", labelWidth + 18, 45);
        g.setColor(referenceColor);
        g.fillRect(labelWidth + 170, 34, 12, 12);
        g.setColor(Color.BLACK);
        g.drawString("npm reference (Node)", labelWidth + 188, 45);

        int plotBottom = top + rows.size() * rowHeight;
        FontMetrics metrics = g.getFontMetrics();
        for (int decade = lowDecade; decade <= highDecade; decade++) {
            int x = xFor(Math.pow(10, decade), lowDecade, highDecade, labelWidth, plotWidth);
            g.setColor(new Color(0xDD, 0xDD, 0xDD));
            g.setStroke(new BasicStroke(1));
            g.drawLine(x, top - 4, x, plotBottom);
            g.setColor(Color.BLACK);
            String tick = "1e" + decade;
            g.drawString(tick, x - metrics.stringWidth(tick) / 2, plotBottom + 16);
        }
        g.drawString("ops/s", labelWidth + plotWidth / 2 - 15, plotBottom + 34);

        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            int y = top + i * rowHeight;
            g.setColor(Color.BLACK);
            String label = row.label;
            while (metrics.stringWidth(label) > labelWidth - 20) {
                label = label.substring(0, label.length() - 2) + "…";
            }
            g.drawString(label, 10, y + rowHeight / 2 + 4);
            drawBar(g, row.java, y + 5, javaColor, lowDecade, highDecade, labelWidth, plotWidth);
            drawBar(g, row.reference, y + 19, referenceColor, lowDecade, highDecade, labelWidth, plotWidth);
        }
        g.dispose();
        ImageIO.write(image, "png", new File(args[1]));
    }

    private static void drawBar(Graphics2D g, double value, int y, Color color, int lowDecade, int highDecade,
            int labelWidth, int plotWidth) {
        int x = xFor(value, lowDecade, highDecade, labelWidth, plotWidth);
        g.setColor(color);
        g.fillRect(labelWidth, y, Math.max(1, x - labelWidth), 12);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.drawString(String.format("%,.0f", value), x + 4, y + 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }

    private static int xFor(double value, int lowDecade, int highDecade, int labelWidth, int plotWidth) {
        double position = (Math.log10(Math.max(value, Math.pow(10, lowDecade))) - lowDecade) / (highDecade - lowDecade);
        return labelWidth + (int) Math.round(position * plotWidth);
    }
}
