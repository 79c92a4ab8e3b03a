package io.tandem.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class MessageBundleTests {

    static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (var in = MessageBundleTests.class.getResourceAsStream("/" + name)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    @Test
    void everyEnglishTextHasAChineseTranslationAndViceVersa() throws IOException {
        Properties english = load("messages.properties");
        Properties chinese = load("messages_zh_CN.properties");

        assertThat(chinese.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
    }

    @Test
    void everyProblemHasAChineseWording() throws IOException {
        Properties english = load("problems.properties");
        Properties chinese = load("problems_zh_CN.properties");

        assertThat(chinese.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
    }

    @Test
    void chineseTextsAreChinese() throws IOException {
        Properties chinese = load("messages_zh_CN.properties");

        assertThat(chinese.getProperty("nav.leads")).isEqualTo("线索");
        assertThat(chinese.getProperty("campaign.type.OFFLINE_EVENT")).isEqualTo("线下活动");
    }
}
