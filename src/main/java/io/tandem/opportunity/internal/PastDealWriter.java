package io.tandem.opportunity.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.opportunity.PastDeals;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.shared.Ids;

/**
 * A past deal written as the pool would have written it then: the opportunity with its primary lead and the lead's
 * campaigns, its opening in the history, and an order or the loss.
 */
@Component
class PastDealWriter implements PastDeals {

    private final JdbcClient jdbc;
    private final ZoneId zone;
    private final Clock clock;

    PastDealWriter(JdbcClient jdbc, @Value("${tandem.time-zone:Asia/Shanghai}") ZoneId zone, Clock clock) {
        this.jdbc = jdbc;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID record(UUID leadId, String name, BigDecimal amount, String currency, LocalDate openedOn,
            LocalDate wonOn, LocalDate lostOn, UUID ownerId, Actor actor) {
        if (amount == null || amount.signum() < 0) {
            throw BadInputException.of("amount", "must be 0 or more");
        }
        if (openedOn == null) {
            throw BadInputException.of("opened", "is required");
        }
        LocalDate closedOn = wonOn != null ? wonOn : lostOn;
        if (closedOn != null && closedOn.isBefore(openedOn)) {
            throw BadInputException.of(wonOn != null ? "won" : "lost", "is before the opening");
        }
        UUID id = Ids.next();
        Timestamp opened = Timestamp.from(openedOn.atStartOfDay(zone).toInstant());
        Timestamp closed = closedOn == null ? null : Timestamp.from(closedOn.atStartOfDay(zone).toInstant());
        String stage = wonOn != null ? "WON" : lostOn != null ? "LOST" : "DISCOVERY";
        int probability = wonOn != null ? 100 : lostOn != null ? 0 : 10;
        jdbc.sql("""
                insert into opportunity (id, name, account_id, owner_id, stage, amount, currency, expected_close,
                                         probability, lost_reason, created_at, updated_at, closed_at)
                select :id, :name, l.account_id, coalesce(cast(:owner as uuid), l.owner_id), :stage, :amount, :currency, :close,
                       :probability, :reason, :opened, coalesce(cast(:closed as timestamptz), :opened),
                       cast(:closed as timestamptz)
                from lead l where l.id = :lead and coalesce(cast(:owner as uuid), l.owner_id) is not null
                """).param("id", id).param("name", name == null || name.isBlank() ? "Imported deal" : name.strip())
                .param("owner", ownerId, java.sql.Types.OTHER).param("stage", stage).param("amount", amount)
                .param("currency", currency == null || currency.isBlank() ? "CNY" : currency.strip())
                .param("close", closedOn != null ? closedOn : openedOn.plusMonths(3))
                .param("probability", probability).param("reason", lostOn != null && wonOn == null ? "OTHER" : null)
                .param("opened", opened).param("closed", closed, java.sql.Types.TIMESTAMP)
                .param("lead", leadId).update();
        Integer exists = jdbc.sql("select count(*) from opportunity where id = :id").param("id", id)
                .query(Integer.class).single();
        if (exists == 0) {
            return null;
        }
        jdbc.sql("""
                insert into opportunity_contact (opportunity_id, lead_id, role, is_primary, added_at)
                values (:id, :lead, 'PRIMARY', true, :opened)
                """).param("id", id).param("lead", leadId).param("opened", opened).update();
        jdbc.sql("""
                insert into opportunity_campaign (opportunity_id, campaign_id)
                select :id, c from (select l.first_campaign_id as c from lead l where l.id = :lead
                                    union select m.campaign_id from campaign_member m where m.lead_id = :lead) s
                where c is not null on conflict do nothing
                """).param("id", id).param("lead", leadId).update();
        jdbc.sql("""
                insert into opportunity_history (opportunity_id, occurred_at, kind, detail, actor)
                values (:id, :opened, 'IMPORTED', :detail, :actor)
                """).param("id", id).param("opened", opened).param("detail", amount.toPlainString())
                .param("actor", actor.name()).update();
        if (wonOn != null) {
            jdbc.sql("""
                    insert into sales_order (id, opportunity_id, amount, currency, won_on, created_at)
                    select :order, id, amount, currency, :won, :now from opportunity where id = :id
                    """).param("order", Ids.next()).param("id", id).param("won", wonOn)
                    .param("now", Timestamp.from(clock.instant())).update();
        }
        return id;
    }
}
