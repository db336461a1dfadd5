using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PcCovid.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PartialAliasIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_people_legacy_id_number",
                table: "people");

            migrationBuilder.DropIndex(
                name: "ix_people_nationality_passport_number",
                table: "people");

            migrationBuilder.CreateIndex(
                name: "ix_people_legacy_id_number",
                table: "people",
                column: "legacy_id_number",
                filter: "legacy_id_number IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_people_nationality_passport_number",
                table: "people",
                columns: new[] { "nationality", "passport_number" },
                unique: true,
                filter: "passport_number IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_people_legacy_id_number",
                table: "people");

            migrationBuilder.DropIndex(
                name: "ix_people_nationality_passport_number",
                table: "people");

            migrationBuilder.CreateIndex(
                name: "ix_people_legacy_id_number",
                table: "people",
                column: "legacy_id_number");

            migrationBuilder.CreateIndex(
                name: "ix_people_nationality_passport_number",
                table: "people",
                columns: new[] { "nationality", "passport_number" },
                unique: true);
        }
    }
}
