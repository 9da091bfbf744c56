package io.tenantcache.examples.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A plain-text table: columns sized to their widest cell, numbers right-aligned. */
final class Table {
  private static final Pattern NUMBER = Pattern.compile("-?[0-9][0-9,.]*( ?(%|ms|µs))?");

  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  Table(String... header) {
    this.columns = header.length;
    rows.add(header);
  }

  Table row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
    }
    String[] text = new String[columns];
    for (int i = 0; i < columns; i++) {
      text[i] = String.valueOf(cells[i]);
    }
    rows.add(text);
    return this;
  }

  /** Prints the table, indented, with a rule under the header. */
  void print(PrintStream out, String indent) {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < columns; i++) {
        boolean right = r > 0 && NUMBER.matcher(row[i]).matches();
        String format = "%" + (right ? "" : "-") + widths[i] + "s";
        line.append(String.format(format, row[i]));
        if (i < columns - 1) {
          line.append("  ");
        }
      }
      out.println(line.toString().stripTrailing());
      if (r == 0) {
        StringBuilder rule = new StringBuilder(indent);
        for (int i = 0; i < columns; i++) {
          rule.append("-".repeat(widths[i]));
          if (i < columns - 1) {
            rule.append("  ");
          }
        }
        out.println(rule);
      }
    }
  }
}
