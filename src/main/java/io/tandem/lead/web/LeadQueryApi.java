package io.tandem.lead.web;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadPage;
import io.tandem.lead.LeadQuery;
import io.tandem.lead.LeadSummary;
import io.tandem.lead.LeadView;
import io.tandem.shared.NotFoundException;
import io.tandem.lead.LeadAccess;
import io.tandem.lead.LeadAction;
import io.tandem.security.TandemPrincipal;

@Tag(name = "Leads")
@RestController
@RequestMapping("/api/v1/leads")
@PreAuthorize("hasAuthority('SCOPE_read')")
class LeadQueryApi {

    private final LeadDirectory leads;
    private final LeadAccess access;

    LeadQueryApi(LeadDirectory leads, LeadAccess access) {
        this.leads = leads;
        this.access = access;
    }

    @Operation(summary = "One lead with its custom fields, identities and consents",
            description = "The id of a lead that was merged redirects (301) to the lead it was merged into.")
    @GetMapping("/{id}")
    ResponseEntity<LeadView> get(@PathVariable UUID id, TandemPrincipal me) {
        LeadView view = leads.find(id).orElseThrow(() -> new NotFoundException("Lead", id));
        access.require(me, view.id(), LeadAction.READ);
        if (!view.id().equals(id)) {
            return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY)
                    .location(URI.create("/api/v1/leads/" + view.id())).build();
        }
        return ResponseEntity.ok(view);
    }

    @Operation(summary = "Leads matching a filter, one page at a time",
            description = "Pass the returned nextCursor as cursor to get the next page; it is absent on the last page.")
    @GetMapping
    Page list(@RequestParam(required = false) String q, @RequestParam(required = false) String source,
            @RequestParam(required = false) UUID campaignId, @RequestParam(required = false) UUID ownerId,
            @RequestParam(required = false) String tag, @RequestParam(required = false) UUID accountId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate createdFrom,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate createdTo,
            @RequestParam(required = false) LeadQuery.Sort sort, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "100") int limit, TandemPrincipal me) {
        LeadPage page = leads.search(new LeadQuery(q, source, campaignId, ownerId, false, tag, accountId, createdFrom,
                createdTo, sort, cursor, limit).within(access.scope(me, LeadAction.READ)));
        return new Page(page.items(), page.nextCursor());
    }

    record Page(List<LeadSummary> items, String nextCursor) {
    }

}
