package dev.veojobs.job;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Copies of a record that each differ from it in exactly one leaf field (nested records are
 * walked), plus one copy per nullable field set to null; keyed by the field's path, e.g.
 * {@code parameters.seed}, or {@code image=null} for the copy without an image. Built by reflection so that a
 * component added to a record later is varied without anyone remembering to.
 */
public final class RecordVariants {
  private RecordVariants() {}

  static <R extends Record> Map<String, R> of(R record) {
    Map<String, R> variants = new LinkedHashMap<>();
    RecordComponent[] components = record.getClass().getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      String name = component.getName();
      Object value = get(component, record);
      if (value instanceof Record nested) {
        for (Map.Entry<String, ? extends Record> inner : of(nested).entrySet()) {
          variants.put(name + "." + inner.getKey(), with(record, i, inner.getValue()));
        }
      } else if (value instanceof List<?> list) {
        // Lists of records: each element varied on its own, one element more, and none.
        for (int e = 0; e < list.size(); e++) {
          if (list.get(e) instanceof Record element) {
            for (Map.Entry<String, ? extends Record> inner : of(element).entrySet()) {
              List<Object> changed = new ArrayList<>(list);
              changed.set(e, inner.getValue());
              variants.put(name + "[" + e + "]." + inner.getKey(), with(record, i, List.copyOf(changed)));
            }
          }
        }
        if (!list.isEmpty()) {
          List<Object> longer = new ArrayList<>(list);
          longer.add(list.get(0));
          variants.put(name + "+1", with(record, i, List.copyOf(longer)));
          variants.put(name + "=empty", with(record, i, List.of()));
        }
        continue;
      } else {
        variants.put(name, with(record, i, other(component, value)));
      }
      if (value != null && !component.getType().isPrimitive()) {
        variants.put(name + "=null", with(record, i, null));
      }
    }
    return variants;
  }

  /**
   * A copy of {@code record} with the component named {@code component} set to {@code value}: for a
   * state no transition produces but a store may still hold (a document written by hand or by an
   * older version), which defensive code must handle.
   */
  public static <R extends Record> R with(R record, String component, Object value) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      if (components[i].getName().equals(component)) {
        return with(record, i, value);
      }
    }
    throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no component " + component);
  }

  /** Like {@link #with(Record, String, Object)}, for two components that must change together. */
  public static <R extends Record> R with(R record, String component, Object value, String other, Object otherValue) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      String name = components[i].getName();
      values[i] = name.equals(component) ? value : name.equals(other) ? otherValue : get(components[i], record);
    }
    return construct(record, values);
  }

  /** Another value of the same type; a type this does not know fails loudly rather than being skipped. */
  private static Object other(RecordComponent component, Object value) {
    Class<?> type = component.getType();
    if (type == String.class) {
      return value == null ? "another" : value + "-other";
    }
    if (type == int.class || type == Integer.class) {
      return value == null ? 1 : (Integer) value + 1;
    }
    if (type == long.class || type == Long.class) {
      return value == null ? 1L : (Long) value + 1;
    }
    if (type == boolean.class || type == Boolean.class) {
      return value == null ? Boolean.TRUE : !(Boolean) value;
    }
    if (type == java.util.Set.class
        && component.getGenericType() instanceof java.lang.reflect.ParameterizedType set
        && set.getActualTypeArguments()[0] instanceof Class<?> element && element.isEnum()) {
      // Another set: the first constant toggled in or out.
      java.util.Set<Object> other = new java.util.HashSet<>(value == null ? java.util.Set.of() : (java.util.Set<?>) value);
      Object first = element.getEnumConstants()[0];
      if (!other.remove(first)) {
        other.add(first);
      }
      return other;
    }
    throw new AssertionError("RecordVariants cannot vary " + component + " of type " + type.getName()
        + "; teach it how, so the field is not left out");
  }

  private static Object get(RecordComponent component, Record record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <R extends Record> R with(R record, int index, Object replacement) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = i == index ? replacement : get(components[i], record);
    }
    return construct(record, values);
  }

  @SuppressWarnings("unchecked")
  private static <R extends Record> R construct(R record, Object[] values) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    try {
      Constructor<?> canonical = record.getClass().getDeclaredConstructor(
          Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      canonical.setAccessible(true);
      return (R) canonical.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
