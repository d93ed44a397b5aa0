#pragma once
// LossPlot: the loss curves over iterations (QCustomPlot), one per loss name met in the points (the
// reference's eight, plus the optional and multi-domain losses), named in words from the style names
// ("Photos → Watercolours realism", "Photos round trip"; the loss's own name in brackets), with a
// Curves menu of toggles, a "How to read these curves" note, EMA
// smoothing (raw curve faint behind), a log-scale switch, a hover read-out, zoom/pan and reset; colours
// follow the light or dark palette. New points are buffered and
// drawn at most 20 times a second. Lives on the UI thread, owned by the main window.

#include "ui/format.h"
#include "ui/types.h"

#include <QWidget>

class QCustomPlot;
class QAction;
class QCheckBox;
class QHBoxLayout;
class QMenu;
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
    // A two-domain project's style names, for the curves' labels.
    void setStyleNames(const StyleNames &names);
    // What the curve of a loss is called on screen ("Photos → Watercolours realism (G_A)").
    QString curveLabel(const QString &name) const;
    // The note behind "How to read these curves".
    QString howToRead() const;
    bool isCurveVisible(int index) const;
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
    QMenu *m_curveMenu = nullptr;
    QStringList m_names;            // curve c is graphs 2c (raw, faint) and 2c+1 (smoothed)
    QVector<QAction *> m_curveActions;
    StyleNames m_styles;
    QVector<LossPoint> m_points;
    double m_alpha = 0.9;
    bool m_followNewest = true;
};

} // namespace ui
