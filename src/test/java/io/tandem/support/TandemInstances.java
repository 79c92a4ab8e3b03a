package io.tandem.support;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.zaxxer.hikari.HikariDataSource;

import io.tandem.TandemApplication;

/**
 * Real Tandem instances besides the test's own application, on the test's database and on the clock the test moves:
 * for tests of what happens with several instances, or when one stops and another starts.
 */
public final class TandemInstances implements AutoCloseable {

    private final DataSource dataSource;
    private final Clock clock;
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    public TandemInstances(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * @param settings command-line arguments for what this test needs running (e.g.
     *        {@code --tandem.sla.timers.enabled=true}); the instance leaves background jobs (imports, re-scores) and
     *        notifications to the test application
     */
    public ConfigurableApplicationContext start(String... settings) throws java.sql.SQLException {
        HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
        List<String> arguments = new ArrayList<>(List.of(
                // command-line arguments: they win over application.yml, which would pick the embedded database
                "--spring.datasource.url=" + hikari.getJdbcUrl(),
                "--spring.datasource.username=" + hikari.getUsername(),
                "--spring.datasource.password=" + (hikari.getPassword() == null ? "" : hikari.getPassword()),
                "--server.port=0",
                "--tandem.notifications.delivery.enabled=false",
                "--db-scheduler.polling-interval=PT1H",
                "--tandem.storage-directory=target/test-files",
                "--logging.level.root=warn"));
        arguments.addAll(List.of(settings));
        ConfigurableApplicationContext instance = new SpringApplicationBuilder(TandemApplication.class)
                .web(WebApplicationType.SERVLET)
                .initializers(context -> context.getBeanFactory().registerSingleton("clock", clock))
                .run(arguments.toArray(String[]::new));
        started.add(instance);
        return instance;
    }

    /** Stops every instance still running. */
    @Override
    public void close() {
        started.forEach(ConfigurableApplicationContext::close);
        started.clear();
    }
}
