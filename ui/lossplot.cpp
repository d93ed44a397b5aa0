#include "ui/lossplot.h"

#include "ui/customplot.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QSaveFile>
#include <QTextStream>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QToolButton>
#include <QSlider>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

namespace {
const QColor kColours[] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),  QColor(214, 39, 40),
                           QColor(148, 103, 189), QColor(140, 86, 75),  QColor(227, 119, 194), QColor(127, 127, 127),
                           QColor(188, 189, 34),  QColor(23, 190, 207), QColor(0, 0, 128),    QColor(128, 128, 0)};
constexpr int kColourCount = int(sizeof kColours / sizeof kColours[0]);
}

LossPlot::LossPlot(QWidget *parent) : QWidget(parent), m_plot(new QCustomPlot(this))
{
    auto *layout = new QVBoxLayout(this);
    auto *controls = new QHBoxLayout;
    auto *curves = new QToolButton(this);
    curves->setObjectName(QStringLiteral("curvesButton"));
    curves->setText(tr("Curves"));
    curves->setToolTip(tr("Show or hide single curves"));
    curves->setPopupMode(QToolButton::InstantPopup);
    m_curveMenu = new QMenu(curves);
    m_curveMenu->setToolTipsVisible(true);
    curves->setMenu(m_curveMenu);
    controls->addWidget(curves);
    auto *howTo = new QPushButton(tr("How to read these curves"), this);
    howTo->setObjectName(QStringLiteral("howToRead"));
    connect(howTo, &QPushButton::clicked, this, [this] { QMessageBox::information(this, tr("How to read these curves"), howToRead()); });
    controls->addWidget(howTo);
    controls->addStretch();
    m_log = new QCheckBox(tr("Log scale"), this);
    m_log->setToolTip(tr("Logarithmic loss axis"));
    connect(m_log, &QCheckBox::toggled, this, &LossPlot::setLogScale);
    controls->addWidget(m_log);
    controls->addWidget(new QLabel(tr("Smoothing"), this));
    m_smoothing = new QSlider(Qt::Horizontal, this);
    m_smoothing->setRange(0, 99);
    m_smoothing->setValue(90);
    m_smoothing->setMaximumWidth(120);
    m_smoothing->setToolTip(tr("Exponential moving average of the curves; the raw values stay faint behind"));
    connect(m_smoothing, &QSlider::valueChanged, this, [this](int v) { setSmoothing(v / 100.0); });
    controls->addWidget(m_smoothing);
    auto *reset = new QPushButton(tr("Reset view"), this);
    reset->setToolTip(tr("Fit all points (double-click the plot does the same)"));
    connect(reset, &QPushButton::clicked, this, &LossPlot::resetView);
    controls->addWidget(reset);
    auto *exportButton = new QPushButton(tr("Export…"), this);
    exportButton->setToolTip(tr("Save the plot as PNG or the losses as CSV"));
    connect(exportButton, &QPushButton::clicked, this, &LossPlot::askExport);
    controls->addWidget(exportButton);
    layout->addLayout(controls);
    layout->addWidget(m_plot, 1);
    setUpPlot();
}

void LossPlot::askExport()
{
    QString filter;
    const QString file = QFileDialog::getSaveFileName(this, tr("Export the loss plot"), QStringLiteral("losses.png"),
                                                      tr("PNG image (*.png);;CSV table (*.csv)"), &filter);
    if (file.isEmpty())
        return;
    const bool ok = file.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) ? exportCsv(file) : exportPng(file);
    if (!ok)
        QMessageBox::warning(this, tr("Export"), tr("Could not write \"%1\".").arg(file));
}

QString LossPlot::curveLabel(const QString &name) const
{
    const QString a = m_styles.shownA(), b = m_styles.shownB();
    // The reference's names: G_A turns A into B and D_A judges B; cycle_A is A's round trip; idt_A is G_A
    // given a picture that is already B.
    QString words;
    if (name == QLatin1String("G_A"))
        words = tr("%1 → %2 realism").arg(a, b);
    else if (name == QLatin1String("G_B"))
        words = tr("%1 → %2 realism").arg(b, a);
    else if (name == QLatin1String("D_A"))
        words = tr("%1 judge").arg(b);
    else if (name == QLatin1String("D_B"))
        words = tr("%1 judge").arg(a);
    else if (name == QLatin1String("cycle_A"))
        words = tr("%1 round trip").arg(a);
    else if (name == QLatin1String("cycle_B"))
        words = tr("%1 round trip").arg(b);
    else if (name == QLatin1String("idt_A"))
        words = tr("%1 kept as is").arg(b);
    else if (name == QLatin1String("idt_B"))
        words = tr("%1 kept as is").arg(a);
    else if (name == QLatin1String("cycle_ms_A") || name == QLatin1String("cycle_ms_B"))
        words = tr("%1 round trip, coarse scales").arg(name.endsWith(QLatin1Char('A')) ? a : b);
    else if (name == QLatin1String("cycle_feat_A") || name == QLatin1String("cycle_feat_B"))
        words = tr("%1 round trip, features").arg(name.endsWith(QLatin1Char('A')) ? a : b);
    return words.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(words, name);
}

QString LossPlot::howToRead() const
{
    const QString a = m_styles.shownA(), b = m_styles.shownB();
    return tr("<p><b>Round trip</b> (%1 round trip, %2 round trip): how much a picture changes when it is translated into "
              "the other style and back. It should fall and stay low: the translation keeps the picture's content.</p>"
              "<p><b>Realism</b> (%1 → %2, %2 → %1) and <b>judge</b>: each translator competes with a judge that tells real "
              "pictures from translated ones. These curves do not fall to zero; they wobble around a level. A judge near "
              "zero while its realism curve climbs means the judge has won, and the translations will look wrong.</p>"
              "<p><b>Kept as is</b>: how much a translator changes a picture that is already in its target style; low "
              "keeps colours faithful.</p>"
              "<p>The previews say more about quality than any curve: look at them too.</p>")
        .arg(a, b);
}

void LossPlot::setStyleNames(const StyleNames &names)
{
    m_styles = names;
    for (int c = 0; c < m_names.size(); ++c) {
        const QString label = curveLabel(m_names[c]);
        m_plot->graph(2 * c + 1)->setName(label);
        m_curveActions[c]->setText(label);
    }
    scheduleReplot();
}

bool LossPlot::isCurveVisible(int index) const { return index >= 0 && index < m_names.size() && m_plot->graph(2 * index + 1)->visible(); }

void LossPlot::setUpPlot()
{
    // Whole iterations on the x-axis.
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_plot->xAxis->setTicker(ticker);
    m_plot->xAxis->setNumberFormat(QStringLiteral("f"));
    m_plot->xAxis->setNumberPrecision(0);
    m_plot->xAxis->setLabel(tr("iteration"));
    m_plot->yAxis->setLabel(tr("loss"));
    m_plot->legend->setVisible(true);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, &LossPlot::resetView);
    connect(m_plot, &QCustomPlot::mousePress, this, [this] { m_followNewest = false; });
    connect(m_plot, &QCustomPlot::mouseWheel, this, [this] { m_followNewest = false; });
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent *event) {
        if (event->buttons() != Qt::NoButton || m_points.isEmpty())
            return;
        const QString text = readout(m_plot->xAxis->pixelToCoord(event->position().x()));
        QToolTip::showText(event->globalPosition().toPoint() + QPoint(16, 16), text, m_plot);
    });
    m_plot->setMouseTracking(true);
    applyPalette();

    m_replotTimer = new QTimer(this);
    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(50); // at most ~20 redraws a second
    connect(m_replotTimer, &QTimer::timeout, this, [this] {
        if (m_followNewest)
            m_plot->rescaleAxes(true);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
}

QString LossPlot::readout(double x) const
{
    if (m_points.isEmpty())
        return {};
    auto it = std::lower_bound(m_points.cbegin(), m_points.cend(), x, [](const LossPoint &p, double v) { return double(p.iteration) < v; });
    if (it == m_points.cend())
        --it;
    else if (it != m_points.cbegin() && x - double(std::prev(it)->iteration) < double(it->iteration) - x)
        --it;
    QStringList lines{tr("Iteration %1").arg(it->iteration)};
    const double key = double(it->iteration);
    for (int k = 0; k < it->names.size() && k < it->values.size(); ++k) {
        const int c = m_names.indexOf(it->names[k]);
        if (c < 0 || std::isnan(it->values[k]) || !m_plot->graph(2 * c + 1)->visible())
            continue;
        const auto smooth = m_plot->graph(2 * c + 1)->data()->findBegin(key, false);
        lines << tr("%1: %2 (smoothed %3)")
                     .arg(curveLabel(it->names[k]))
                     .arg(it->values[k], 0, 'f', 4)
                     .arg(smooth->value, 0, 'f', 4);
    }
    return lines.join(QLatin1Char('\n'));
}

void LossPlot::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

void LossPlot::applyPalette()
{
    const QPalette p = palette();
    m_plot->setBackground(p.brush(QPalette::Base));
    const QColor text = p.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(40);
    for (auto *axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setBasePen(QPen(text));
        axis->setTickPen(QPen(text));
        axis->setSubTickPen(QPen(text));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
        axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
    }
    m_plot->legend->setBrush(p.brush(QPalette::Base));
    m_plot->legend->setTextColor(text);
    m_plot->legend->setBorderPen(QPen(grid));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int LossPlot::ensureCurve(const QString &name)
{
    const int existing = m_names.indexOf(name);
    if (existing >= 0)
        return existing;
    const int i = m_names.size();
    const QColor colour = kColours[i % kColourCount];
    // Two graphs per loss: 2i the raw values (faint), 2i+1 the smoothed curve.
    m_plot->legend->setVisible(true);
    auto *raw = m_plot->addGraph();
    QColor faint = colour;
    faint.setAlpha(50);
    raw->setPen(QPen(faint));
    raw->removeFromLegend();
    auto *smooth = m_plot->addGraph();
    smooth->setPen(QPen(colour, 1.6, i < kColourCount ? Qt::SolidLine : Qt::DashLine));
    smooth->setName(curveLabel(name));
    auto *action = m_curveMenu->addAction(curveLabel(name));
    action->setObjectName(QStringLiteral("curve_%1").arg(name));
    action->setCheckable(true);
    action->setChecked(true);
    action->setToolTip(tr("Show or hide the %1 curve").arg(name));
    connect(action, &QAction::toggled, this, [this, i](bool on) { setCurveVisible(i, on); });
    m_names << name;
    m_curveActions << action;
    return i;
}

void LossPlot::addPoints(const QVector<LossPoint> &points)
{
    for (const auto &p : points) {
        m_points.push_back(p);
        for (int k = 0; k < p.names.size() && k < p.values.size(); ++k) {
            const double value = p.values[k];
            if (std::isnan(value))
                continue; // this row does not have that loss
            const int c = ensureCurve(p.names[k]);
            const auto smoothData = m_plot->graph(2 * c + 1)->data();
            const double smooth = smoothData->isEmpty() ? value : m_alpha * (smoothData->constEnd() - 1)->value + (1 - m_alpha) * value;
            m_plot->graph(2 * c)->addData(double(p.iteration), value);
            m_plot->graph(2 * c + 1)->addData(double(p.iteration), smooth);
        }
    }
    scheduleReplot();
}

void LossPlot::clear()
{
    m_points.clear();
    m_plot->clearGraphs();
    m_curveMenu->clear();
    m_curveActions.clear();
    m_names.clear();
    m_followNewest = true;
    // An empty plot shows no legend box and no range left from an earlier project.
    m_plot->legend->setVisible(false);
    m_plot->xAxis->setRange(0, 1);
    m_plot->yAxis->setRange(0, 1);
    scheduleReplot();
}

void LossPlot::rebuild()
{
    const auto points = m_points;
    QVector<bool> visible;
    for (int c = 0; c < m_names.size(); ++c)
        visible << m_plot->graph(2 * c + 1)->visible();
    clear();
    addPoints(points);
    for (int c = 0; c < visible.size() && c < m_names.size(); ++c)
        m_curveActions[c]->setChecked(visible[c]);
}

void LossPlot::setSmoothing(double alpha)
{
    m_alpha = std::clamp(alpha, 0.0, 0.99);
    rebuild();
}

void LossPlot::setLogScale(bool on)
{
    m_plot->yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (on)
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    else
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    scheduleReplot();
}

void LossPlot::setCurveVisible(int index, bool visible)
{
    if (index < 0 || index >= m_names.size())
        return;
    if (m_curveActions[index]->isChecked() != visible) {
        m_curveActions[index]->setChecked(visible); // toggles back here through the action
        return;
    }
    m_plot->graph(2 * index)->setVisible(visible);
    m_plot->graph(2 * index + 1)->setVisible(visible);
    scheduleReplot();
}

bool LossPlot::exportPng(const QString &file)
{
    m_plot->replot();
    return m_plot->savePng(file, 0, 0, 2.0); // twice the on-screen size: crisp on high-DPI screens
}

bool LossPlot::exportCsv(const QString &file) const
{
    QSaveFile out(file); // atomic: an interrupted export leaves any earlier file intact
    if (!out.open(QIODevice::WriteOnly | QIODevice::Text))
        return false;
    QTextStream stream(&out);
    stream << "iteration";
    for (const auto &name : m_names)
        stream << ',' << name;
    stream << '\n';
    for (const auto &p : m_points) {
        stream << p.iteration;
        for (const auto &name : m_names) {
            const int k = p.names.indexOf(name);
            stream << ',';
            if (k >= 0 && k < p.values.size() && !std::isnan(p.values[k]))
                stream << QString::number(p.values[k], 'g', 8);
        }
        stream << '\n';
    }
    stream.flush();
    return out.commit();
}

double LossPlot::smoothedValue(int curve, int index) const
{
    return m_plot->graph(2 * curve + 1)->data()->at(index)->value;
}

void LossPlot::resetView()
{
    m_followNewest = true;
    scheduleReplot();
}

void LossPlot::scheduleReplot()
{
    if (!m_replotTimer->isActive())
        m_replotTimer->start();
}

} // namespace ui
