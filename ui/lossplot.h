#pragma once
// LossPlot: the loss curves over iterations (QCustomPlot), one per loss name met in the points (the
// reference's eight, plus the optional and multi-domain losses), with per-curve toggles, EMA
// smoothing (raw curve faint behind), a log-scale switch, a hover read-out, zoom/pan and reset; colours
// follow the light or dark palette. New points are buffered and
// drawn at most 20 times a second. Lives on the UI thread, owned by the main window.

#include "ui/types.h"

#include <QWidget>

class QCustomPlot;
class QCheckBox;
class QHBoxLayout;
class QSlider;
class QTimer;

namespace ui {

class LossPlot : public QWidget
{
    Q_OBJECT

public:
    explicit LossPlot(QWidget *parent = nullptr);

    void addPoints(const QVector<LossPoint> &points);
    void clear();
    void setSmoothing(double alpha); // 0 = raw, towards 1 = smoother
    void setLogScale(bool on);
    void setCurveVisible(int index, bool visible);
    QStringList curveNames() const { return m_names; }
    int curveIndex(const QString &name) const { return m_names.indexOf(name); }

    // Writes the plot as shown; false if the file cannot be written.
    bool exportPng(const QString &file);
    // Writes iteration and the raw losses, one row per point; false if the file cannot be written.
    bool exportCsv(const QString &file) const;

    int pointCount() const { return m_points.size(); }
    double smoothedValue(int curve, int index) const;
    QCustomPlot *plot() const { return m_plot; }
    // The hover read-out for the point nearest to iteration x: each visible loss, raw and smoothed.
    QString readout(double x) const;

public Q_SLOTS:
    void resetView();

protected:
    void changeEvent(QEvent *event) override;

private:
    void askExport();
    void setUpPlot();
    void applyPalette();
    void rebuild();
    void scheduleReplot();
    int ensureCurve(const QString &name);

    QCustomPlot *m_plot = nullptr;
    QCheckBox *m_log = nullptr;
    QSlider *m_smoothing = nullptr;
    QTimer *m_replotTimer = nullptr;
    QHBoxLayout *m_controls = nullptr;
    QStringList m_names;            // curve c is graphs 2c (raw, faint) and 2c+1 (smoothed)
    QVector<QCheckBox *> m_curveBoxes;
    QVector<LossPoint> m_points;
    double m_alpha = 0.9;
    bool m_followNewest = true;
};

} // namespace ui
