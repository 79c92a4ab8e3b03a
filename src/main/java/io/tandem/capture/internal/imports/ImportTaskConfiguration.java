package io.tandem.capture.internal.imports;

import java.time.Duration;
import java.util.UUID;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import io.tandem.capture.internal.IdempotencyKeys;

/**
 * Imports run as persistent tasks: when Tandem stops during an import, the next start (or another instance) picks it up
 * and continues after the last committed chunk.
 */
@Configuration(proxyBeanMethods = false)
class ImportTaskConfiguration {

    static final TaskDescriptor<Void> IMPORT = TaskDescriptor.of("lead-import");

    @Bean
    OneTimeTask<Void> leadImportTask(ImportRunner runner) {
        return Tasks.oneTime(IMPORT)
                .onDeadExecutionRevive()
                .execute((instance, context) -> runner.run(UUID.fromString(instance.getId())));
    }

    @Bean
    RecurringTask<Void> forgetIdempotencyKeysTask(IdempotencyKeys keys) {
        return Tasks.recurring("forget-idempotency-keys", Schedules.fixedDelay(Duration.ofHours(1)))
                .execute((instance, context) -> keys.forgetExpired());
    }
}
