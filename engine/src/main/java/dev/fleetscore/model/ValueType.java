package dev.fleetscore.model;

/** The type of an effective value; written to effective_settings.value_type. */
public enum ValueType {
  BOOL,
  INT,
  DURATION,
  STRING,
  QUANTITY,
  LIST,
  MAP
}
