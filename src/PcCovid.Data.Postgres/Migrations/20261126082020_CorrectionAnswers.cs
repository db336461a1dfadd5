using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PcCovid.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CorrectionAnswers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "answer",
                table: "correction_requests",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "answered_at_utc",
                table: "correction_requests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "answered_by_account_id",
                table: "correction_requests",
                type: "uuid",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "answer",
                table: "correction_requests");

            migrationBuilder.DropColumn(
                name: "answered_at_utc",
                table: "correction_requests");

            migrationBuilder.DropColumn(
                name: "answered_by_account_id",
                table: "correction_requests");
        }
    }
}
