package io.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@ActiveProfiles("test")
class SmokeTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void migrationsRanAndAdminExists() {
        assertThat(jdbc.sql("select count(*) from app_user where username = 'admin'").query(Long.class).single())
                .isEqualTo(1L);
    }
}
