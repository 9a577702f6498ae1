package io.jobtail.cli;

import io.jobtail.api.ComponentFactory;
import io.jobtail.api.JobContext;
import io.jobtail.api.Widget;
import java.util.Map;

/**
 * A server component whose class needs a library missing from the class path: the JVM throws
 * {@link NoClassDefFoundError} when it first handles an event. Tests name it in a
 * {@code server.json} as {@value #TYPE}; its factory is registered for {@link java.util.ServiceLoader}
 * in the test resources.
 */
public final class MissingDependencyWidget implements Widget {
  static final String TYPE = "io.jobtail.cli.MissingDependencyWidget";
  static final String MISSING = "org/example/MissingLibrary";

  @Override
  public void handleEvent(String type, JobContext ctx) {
    throw new NoClassDefFoundError(MISSING);
  }

  /** Found through {@link java.util.ServiceLoader}, hence public (and so is the enclosing class). */
  public static final class Factory implements ComponentFactory {
    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public Widget create(Map<String, Object> args) {
      return new MissingDependencyWidget();
    }
  }
}
