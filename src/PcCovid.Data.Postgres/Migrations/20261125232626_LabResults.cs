using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PcCovid.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class LabResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    lab_result_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    processed_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    first_positive_sampled_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    latest_positive_sampled_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    source_lab_result_id = table.Column<long>(type: "bigint", nullable: false),
                    positive_results = table.Column<int>(type: "integer", nullable: false),
                    opened_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cases", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "lab_results",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    lab_facility_id = table.Column<long>(type: "bigint", nullable: false),
                    sample_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    pool_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    person_id = table.Column<long>(type: "bigint", nullable: true),
                    test_type = table.Column<int>(type: "integer", nullable: false),
                    outcome = table.Column<int>(type: "integer", nullable: false),
                    ct = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    sampled_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    reported_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    import_run_id = table.Column<long>(type: "bigint", nullable: true),
                    is_authoritative = table.Column<bool>(type: "boolean", nullable: false),
                    received_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    source_record_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_system = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lab_results", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "lab_review_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    lab_result_id = table.Column<long>(type: "bigint", nullable: false),
                    lab_facility_id = table.Column<long>(type: "bigint", nullable: false),
                    reason = table.Column<int>(type: "integer", nullable: false),
                    candidate_person_ids = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    full_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    birth_year = table.Column<int>(type: "integer", nullable: true),
                    id_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    resolved_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lab_review_items", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "retest_orders",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    pooled_result_id = table.Column<long>(type: "bigint", nullable: false),
                    lab_facility_id = table.Column<long>(type: "bigint", nullable: false),
                    pool_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    pool_sampled_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ordered_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    closed_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    closed_by_result_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_retest_orders", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_case_events_case_id_type",
                table: "case_events",
                columns: new[] { "case_id", "type" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_case_events_id",
                table: "case_events",
                column: "id",
                filter: "processed_at_utc IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_cases_person_id",
                table: "cases",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_cases_person_id1",
                table: "cases",
                column: "person_id",
                unique: true,
                filter: "status = 1");

            migrationBuilder.CreateIndex(
                name: "ix_lab_results_lab_facility_id_id",
                table: "lab_results",
                columns: new[] { "lab_facility_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_lab_results_lab_facility_id_pool_id",
                table: "lab_results",
                columns: new[] { "lab_facility_id", "pool_id" },
                filter: "pool_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_lab_results_lab_facility_id_sample_id",
                table: "lab_results",
                columns: new[] { "lab_facility_id", "sample_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_lab_results_person_id_sampled_at_utc",
                table: "lab_results",
                columns: new[] { "person_id", "sampled_at_utc" },
                filter: "person_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_lab_review_items_lab_facility_id_id",
                table: "lab_review_items",
                columns: new[] { "lab_facility_id", "id" },
                filter: "resolved_at_utc IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_lab_review_items_lab_result_id",
                table: "lab_review_items",
                column: "lab_result_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_retest_orders_person_id_pool_sampled_at_utc",
                table: "retest_orders",
                columns: new[] { "person_id", "pool_sampled_at_utc" },
                filter: "closed_at_utc IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_retest_orders_pooled_result_id",
                table: "retest_orders",
                column: "pooled_result_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_events");

            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropTable(
                name: "lab_results");

            migrationBuilder.DropTable(
                name: "lab_review_items");

            migrationBuilder.DropTable(
                name: "retest_orders");
        }
    }
}
