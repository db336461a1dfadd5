using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PcCovid.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class QuarantineOrders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "ix_symptom_check_ins_order_id_day",
                table: "symptom_check_ins",
                columns: new[] { "order_id", "day" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "quarantine_orders");

            migrationBuilder.DropTable(
                name: "symptom_check_ins");
        }
    }
}
