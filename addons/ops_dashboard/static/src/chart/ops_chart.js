import { Component, onWillStart, onWillUnmount, useEffect, useRef } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { getColor } from "@web/core/colors/colors";

/**
 * A Chart.js chart of a section's trend. Chart.js is Odoo's own copy, loaded on demand
 * (web.chartjs_lib), like the graph view and the journal dashboard do.
 */
export class OpsChart extends Component {
    static template = "ops_dashboard.Chart";
    static props = { chart: Object };

    setup() {
        this.canvasRef = useRef("canvas");
        this.chart = null;
        onWillStart(() => loadBundle("web.chartjs_lib"));
        useEffect(
            () => this.renderChart(),
            () => [this.props.chart]
        );
        onWillUnmount(() => this.chart?.destroy());
    }

    renderChart() {
        this.chart?.destroy();
        const spec = this.props.chart;
        const stacked = spec.type === "bar";
        this.chart = new window.Chart(this.canvasRef.el, {
            type: spec.type || "line",
            data: {
                labels: spec.labels,
                datasets: spec.datasets.map((dataset, index) => ({
                    label: dataset.label,
                    data: dataset.data,
                    backgroundColor: getColor(index, "light"),
                    borderColor: getColor(index, "light"),
                    tension: 0.2,
                    pointRadius: 0,
                })),
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                scales: { x: { stacked, ticks: { maxTicksLimit: 8 } }, y: { stacked, beginAtZero: true } },
                plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
            },
        });
    }
}
