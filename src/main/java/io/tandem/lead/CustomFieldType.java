package io.tandem.lead;

public enum CustomFieldType {
    TEXT, NUMBER, DATE, BOOLEAN, PICKLIST
}
