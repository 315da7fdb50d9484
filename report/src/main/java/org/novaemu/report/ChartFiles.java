// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.report;

import java.awt.Dimension;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.apache.batik.svggen.SVGGraphics2D;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.w3c.dom.Document;

/**
 * Writes a chart as PNG (JFreeChart's own encoder) and as SVG: JFreeChart has no SVG writer of its own, so the
 * chart draws itself on Batik's {@link SVGGraphics2D}, a {@link java.awt.Graphics2D} that records SVG elements,
 * text staying text (U44).
 */
final class ChartFiles
{
    private ChartFiles()
    {
    }

    /**
     * @param chart the chart
     * @param file the PNG file to write
     * @param width its width in pixels
     * @param height its height in pixels
     * @throws IOException if the file cannot be written
     */
    static void png(final JFreeChart chart, final Path file, final int width, final int height) throws IOException
    {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
    }

    /**
     * @param chart the chart
     * @param file the SVG file to write
     * @param width its width in user units (pixels)
     * @param height its height
     * @throws IOException if the file cannot be written
     */
    static void svg(final JFreeChart chart, final Path file, final int width, final int height) throws IOException
    {
        final Document doc;
        try
        {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        }
        catch (final ParserConfigurationException e)
        {
            throw new IllegalStateException("the JDK's XML parser cannot make a document", e);
        }
        final SVGGraphics2D g = new SVGGraphics2D(doc);
        g.setSVGCanvasSize(new Dimension(width, height));
        chart.draw(g, new Rectangle(0, 0, width, height));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8))
        {
            g.stream(w, true);
        }
        finally
        {
            g.dispose();
        }
    }
}
