package io.tandem.lead;

/** How a lead reached Tandem; decides the default source code. */
public enum CaptureChannel {
    API("api"), FORM("web_form"), IMPORT("import"), UI("manual"), ACTIVITY("activity"), DEMO("demo");

    private final String defaultSource;

    CaptureChannel(String defaultSource) {
        this.defaultSource = defaultSource;
    }

    public String defaultSource() {
        return defaultSource;
    }
}
