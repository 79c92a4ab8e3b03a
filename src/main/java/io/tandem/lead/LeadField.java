package io.tandem.lead;

/** The standard text fields of a lead, as named in the API, import mappings and history. */
public enum LeadField {
    NAME("name"), EMAIL("email"), PHONE("phone"), COMPANY("company"), TITLE("title"), INDUSTRY("industry"),
    COMPANY_SIZE("companySize"), PROVINCE("province"), CITY("city"), COUNTRY("country"), SOURCE("source"),
    SOURCE_DETAIL("sourceDetail");

    private final String apiName;

    LeadField(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }
}
