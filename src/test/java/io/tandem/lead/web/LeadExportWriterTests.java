package io.tandem.lead.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeadExportWriterTests {

    @Test
    void cellsThatASpreadsheetWouldRunAsFormulasAreNeutralised() {
        assertThat(LeadExportWriter.neutralise("=HYPERLINK(\"http://evil\")")).isEqualTo("'=HYPERLINK(\"http://evil\")");
        assertThat(LeadExportWriter.neutralise("+8613800138000")).isEqualTo("'+8613800138000");
        assertThat(LeadExportWriter.neutralise("-1")).isEqualTo("'-1");
        assertThat(LeadExportWriter.neutralise("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(LeadExportWriter.neutralise("\tcmd")).isEqualTo("'\tcmd");
    }

    @Test
    void ordinaryCellsStayAsTheyAre() {
        assertThat(LeadExportWriter.neutralise("王芳")).isEqualTo("王芳");
        assertThat(LeadExportWriter.neutralise("a=b")).isEqualTo("a=b");
        assertThat(LeadExportWriter.neutralise(null)).isEmpty();
    }
}
