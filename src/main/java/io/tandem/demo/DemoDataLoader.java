package io.tandem.demo;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

import io.tandem.security.AdminOnly;

/** Loads the demo data once, in the background: on start with {@code TANDEM_DEMO_DATA=true}, or from the admin page. */
@Configuration(proxyBeanMethods = false)
class DemoDataLoader {

    static final TaskDescriptor<Integer> LOAD = TaskDescriptor.of("demo-data", Integer.class);
    static final int DEFAULT_LEADS = 3_000;

    @Bean
    OneTimeTask<Integer> demoDataTask(DemoData demo) {
        return Tasks.oneTime(LOAD).execute((instance, context) -> demo.load(instance.getData()));
    }

    @Bean
    @Order(10)
    ApplicationRunner demoDataOnStart(@Value("${tandem.demo-data:false}") boolean wanted, DemoData demo,
            SchedulerClient scheduler, Clock clock) {
        return (ApplicationArguments args) -> {
            if (wanted && demo.poolIsEmpty()) {
                scheduler.scheduleIfNotExists(LOAD.instance("on-start").data(DEFAULT_LEADS).scheduledTo(clock.instant()));
            }
        };
    }

    @Controller
    @AdminOnly
    static class DemoDataController {

        private final DemoData demo;
        private final SchedulerClient scheduler;
        private final Clock clock;

        DemoDataController(DemoData demo, SchedulerClient scheduler, Clock clock) {
            this.demo = demo;
            this.scheduler = scheduler;
            this.clock = clock;
        }

        @GetMapping("/admin/demo")
        String page(Model model) {
            model.addAttribute("empty", demo.poolIsEmpty());
            model.addAttribute("password", DemoData.DEMO_PASSWORD);
            model.addAttribute("pending", !scheduler.getScheduledExecutionsForTask(LOAD.getTaskName()).isEmpty());
            return "demo/demo";
        }

        @PostMapping("/admin/demo")
        String load(@RequestParam(defaultValue = "3000") int leads, RedirectAttributes redirect) {
            int count = Math.max(100, Math.min(leads, 50_000));
            scheduler.scheduleIfNotExists(LOAD.instance("from-admin-" + clock.millis()).data(count)
                    .scheduledTo(clock.instant()));
            redirect.addFlashAttribute("flashKey", "demo.started");
            return "redirect:/admin/demo";
        }
    }
}
