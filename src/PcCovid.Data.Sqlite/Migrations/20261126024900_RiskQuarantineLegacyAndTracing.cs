using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PcCovid.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RiskQuarantineLegacyAndTracing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "contacts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: true),
                    free_text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    degree = table.Column<int>(type: "INTEGER", nullable: false),
                    via_person_id = table.Column<long>(type: "INTEGER", nullable: true),
                    sources = table.Column<int>(type: "INTEGER", nullable: false),
                    last_exposure_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    traced_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    became_case_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contacts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "health_declarations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    declared_by_person_id = table.Column<long>(type: "INTEGER", nullable: true),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    submitted_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    symptoms = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    exposures = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    underlying_conditions = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    places_last14days = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    travel_mode = table.Column<int>(type: "INTEGER", nullable: true),
                    vehicle_number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    seat = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    departure_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    arrival_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    from_country = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    from_province_code = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    port_of_entry = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    province_code = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    district_code = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    commune_code = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    address_line = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    needs_follow_up = table.Column<bool>(type: "INTEGER", nullable: false),
                    source_key = table.Column<string>(type: "TEXT", maxLength: 90, nullable: false),
                    import_run_id = table.Column<long>(type: "INTEGER", nullable: true),
                    is_authoritative = table.Column<bool>(type: "INTEGER", nullable: false),
                    received_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    source_record_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    source_system = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_health_declarations", x => x.id);
                    table.ForeignKey(
                        name: "fk_health_declarations_people_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "health_insurance_cards",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    card_number = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    source_key = table.Column<string>(type: "TEXT", maxLength: 90, nullable: false),
                    is_authoritative = table.Column<bool>(type: "INTEGER", nullable: false),
                    received_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    source_record_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    source_system = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_health_insurance_cards", x => x.id);
                    table.ForeignKey(
                        name: "fk_health_insurance_cards_people_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "held_claims",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    phone_e164 = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    source_record_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    occurred_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    typed_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    payload = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    decision = table.Column<int>(type: "INTEGER", nullable: false),
                    decided_for_person_id = table.Column<long>(type: "INTEGER", nullable: true),
                    decided_by_person_id = table.Column<long>(type: "INTEGER", nullable: true),
                    decided_at_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    held_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_held_claims", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "legacy_encounters",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    uploader_bluezone_id = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    seen_bluezone_id = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    uploader_person_id = table.Column<long>(type: "INTEGER", nullable: true),
                    seen_person_id = table.Column<long>(type: "INTEGER", nullable: true),
                    first_seen_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_seen_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    rssi_average = table.Column<int>(type: "INTEGER", nullable: false),
                    tx_power = table.Column<int>(type: "INTEGER", nullable: false),
                    source_key = table.Column<string>(type: "TEXT", maxLength: 90, nullable: false),
                    is_authoritative = table.Column<bool>(type: "INTEGER", nullable: false),
                    received_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    source_record_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    source_system = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_legacy_encounters", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "legacy_links",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    source_record_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: true),
                    score = table.Column<double>(type: "REAL", nullable: true),
                    rule = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    migration_run_id = table.Column<long>(type: "INTEGER", nullable: false),
                    line_number = table.Column<long>(type: "INTEGER", nullable: false),
                    fact_written = table.Column<bool>(type: "INTEGER", nullable: false),
                    decided_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    payload = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_legacy_links", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "migration_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    import_run_id = table.Column<long>(type: "INTEGER", nullable: false),
                    started_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    finished_at_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    completed = table.Column<bool>(type: "INTEGER", nullable: false),
                    last_committed_line = table.Column<long>(type: "INTEGER", nullable: false),
                    read = table.Column<long>(type: "INTEGER", nullable: false),
                    rejected = table.Column<long>(type: "INTEGER", nullable: false),
                    linked = table.Column<long>(type: "INTEGER", nullable: false),
                    linked_by_rule = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    review = table.Column<long>(type: "INTEGER", nullable: false),
                    claim = table.Column<long>(type: "INTEGER", nullable: false),
                    new_persons = table.Column<long>(type: "INTEGER", nullable: false),
                    persons_created = table.Column<long>(type: "INTEGER", nullable: false),
                    already_linked = table.Column<long>(type: "INTEGER", nullable: false),
                    facts_created = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_migration_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    contact_id = table.Column<long>(type: "INTEGER", nullable: true),
                    title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    read_at_utc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "quarantine_orders",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    start_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    release_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    test_dates = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    release_needs_negative_test = table.Column<bool>(type: "INTEGER", nullable: false),
                    last_exposure_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    rule_version = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    fully_vaccinated_or_recovered = table.Column<bool>(type: "INTEGER", nullable: false),
                    extended_days = table.Column<int>(type: "INTEGER", nullable: false),
                    extension_reason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    batch_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    issued_by_account_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    issued_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ended_at_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    end_reason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    last_reminder_for = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quarantine_orders", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "risk_levels",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    unit_code = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    unit_level = table.Column<int>(type: "INTEGER", nullable: false),
                    province_code = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    district_code = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    week_start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    transmission_band = table.Column<int>(type: "INTEGER", nullable: false),
                    second_axis_column = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    population = table.Column<long>(type: "INTEGER", nullable: false),
                    community_cases = table.Column<long>(type: "INTEGER", nullable: false),
                    cases_per100k = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    coverage_percent = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: true),
                    elderly_full_dose_percent = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: true),
                    capacity = table.Column<int>(type: "INTEGER", nullable: true),
                    rule_set_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    steps = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    assessed_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_risk_levels", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "symptom_check_ins",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    order_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    symptoms = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    temperature_celsius = table.Column<decimal>(type: "TEXT", precision: 4, scale: 1, nullable: true),
                    reported_by_person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    reported_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_symptom_check_ins", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "treatment_capacities",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    province_code = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    week_start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    entered_by_account_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    entered_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_treatment_capacities", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "contact_evidence",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    contact_id = table.Column<long>(type: "INTEGER", nullable: false),
                    source = table.Column<int>(type: "INTEGER", nullable: false),
                    venue_id = table.Column<long>(type: "INTEGER", nullable: true),
                    overlap_start_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    overlap_end_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    household_code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    recorded_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    recorded_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_evidence", x => x.id);
                    table.ForeignKey(
                        name: "fk_contact_evidence_contacts_contact_id",
                        column: x => x.contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "follow_up_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    declaration_id = table.Column<long>(type: "INTEGER", nullable: false),
                    province_code = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    district_code = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    commune_code = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    closed_at_utc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_follow_up_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_follow_up_entries_health_declarations_declaration_id",
                        column: x => x.declaration_id,
                        principalTable: "health_declarations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_follow_up_entries_people_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cases_first_positive_sampled_at_utc",
                table: "cases",
                column: "first_positive_sampled_at_utc");

            migrationBuilder.CreateIndex(
                name: "ix_contact_evidence_contact_id",
                table: "contact_evidence",
                column: "contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_case_id_person_id",
                table: "contacts",
                columns: new[] { "case_id", "person_id" },
                unique: true,
                filter: "person_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_person_id",
                table: "contacts",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_follow_up_entries_commune_code_id",
                table: "follow_up_entries",
                columns: new[] { "commune_code", "id" },
                filter: "closed_at_utc IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_follow_up_entries_declaration_id",
                table: "follow_up_entries",
                column: "declaration_id");

            migrationBuilder.CreateIndex(
                name: "ix_follow_up_entries_person_id",
                table: "follow_up_entries",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_health_declarations_person_id_id",
                table: "health_declarations",
                columns: new[] { "person_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_health_declarations_source_key",
                table: "health_declarations",
                column: "source_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_health_insurance_cards_person_id",
                table: "health_insurance_cards",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_health_insurance_cards_source_key",
                table: "health_insurance_cards",
                column: "source_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_held_claims_phone_e164_id",
                table: "held_claims",
                columns: new[] { "phone_e164", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_held_claims_source_source_record_id",
                table: "held_claims",
                columns: new[] { "source", "source_record_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_legacy_encounters_seen_person_id",
                table: "legacy_encounters",
                column: "seen_person_id");

            migrationBuilder.CreateIndex(
                name: "ix_legacy_encounters_source_key",
                table: "legacy_encounters",
                column: "source_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_legacy_encounters_uploader_person_id",
                table: "legacy_encounters",
                column: "uploader_person_id");

            migrationBuilder.CreateIndex(
                name: "ix_legacy_links_outcome_id",
                table: "legacy_links",
                columns: new[] { "outcome", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_legacy_links_person_id",
                table: "legacy_links",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_legacy_links_source_source_record_id",
                table: "legacy_links",
                columns: new[] { "source", "source_record_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_migration_runs_source_id",
                table: "migration_runs",
                columns: new[] { "source", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_notifications_kind_contact_id",
                table: "notifications",
                columns: new[] { "kind", "contact_id" },
                unique: true,
                filter: "contact_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_person_id_id",
                table: "notifications",
                columns: new[] { "person_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_quarantine_orders_batch_id",
                table: "quarantine_orders",
                column: "batch_id",
                filter: "batch_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_quarantine_orders_person_id",
                table: "quarantine_orders",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_quarantine_orders_person_id_kind",
                table: "quarantine_orders",
                columns: new[] { "person_id", "kind" },
                unique: true,
                filter: "status = 1");

            migrationBuilder.CreateIndex(
                name: "ix_quarantine_orders_status_release_on",
                table: "quarantine_orders",
                columns: new[] { "status", "release_on" });

            migrationBuilder.CreateIndex(
                name: "ix_risk_levels_week_start_unit_code",
                table: "risk_levels",
                columns: new[] { "week_start", "unit_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_risk_levels_week_start_unit_level_province_code",
                table: "risk_levels",
                columns: new[] { "week_start", "unit_level", "province_code" });

            migrationBuilder.CreateIndex(
                name: "ix_symptom_check_ins_order_id_day",
                table: "symptom_check_ins",
                columns: new[] { "order_id", "day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_treatment_capacities_province_code_week_start",
                table: "treatment_capacities",
                columns: new[] { "province_code", "week_start" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "contact_evidence");

            migrationBuilder.DropTable(
                name: "follow_up_entries");

            migrationBuilder.DropTable(
                name: "health_insurance_cards");

            migrationBuilder.DropTable(
                name: "held_claims");

            migrationBuilder.DropTable(
                name: "legacy_encounters");

            migrationBuilder.DropTable(
                name: "legacy_links");

            migrationBuilder.DropTable(
                name: "migration_runs");

            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "quarantine_orders");

            migrationBuilder.DropTable(
                name: "risk_levels");

            migrationBuilder.DropTable(
                name: "symptom_check_ins");

            migrationBuilder.DropTable(
                name: "treatment_capacities");

            migrationBuilder.DropTable(
                name: "contacts");

            migrationBuilder.DropTable(
                name: "health_declarations");

            migrationBuilder.DropIndex(
                name: "ix_cases_first_positive_sampled_at_utc",
                table: "cases");
        }
    }
}
