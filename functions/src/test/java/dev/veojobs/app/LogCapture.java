package dev.veojobs.app;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The lines a class logs through {@link System.Logger} (which the JDK backs with java.util.logging),
 * formatted as an operator would read them. For the lines the docs promise can be counted, such as
 * {@code job.start_uncertain}. Close it to detach.
 */
final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger;
  private final List<String> lines = new ArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();

  private LogCapture(Class<?> source) {
    // Held in a field: java.util.logging forgets loggers nobody references.
    this.logger = Logger.getLogger(source.getName());
    logger.addHandler(this);
  }

  static LogCapture of(Class<?> source) {
    return new LogCapture(source);
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** The lines that start with {@code prefix}. */
  synchronized List<String> linesStartingWith(String prefix) {
    return lines.stream().filter(line -> line.startsWith(prefix)).toList();
  }

  @Override
  public synchronized void publish(LogRecord record) {
    lines.add(formatter.formatMessage(record));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
