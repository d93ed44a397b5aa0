#include "ui/lossplot.h"

#include "ui/customplot.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QSaveFile>
#include <QTextStream>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSlider>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

namespace ui {

namespace {
const QColor kColours[8] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44), QColor(214, 39, 40),
                            QColor(148, 103, 189), QColor(140, 86, 75), QColor(227, 119, 194), QColor(127, 127, 127)};
}

LossPlot::LossPlot(QWidget *parent) : QWidget(parent), m_plot(new QCustomPlot(this))
{
    auto *layout = new QVBoxLayout(this);
    auto *controls = new QHBoxLayout;
    for (int i = 0; i < 8; ++i) {
        // Two graphs per loss: 2i the raw values (faint), 2i+1 the smoothed curve.
        auto *raw = m_plot->addGraph();
        QColor faint = kColours[i];
        faint.setAlpha(50);
        raw->setPen(QPen(faint));
        raw->removeFromLegend();
        auto *smooth = m_plot->addGraph();
        smooth->setPen(QPen(kColours[i], 1.6));
        smooth->setName(QString::fromLatin1(lossNames()[i]));
        auto *box = new QCheckBox(QString::fromLatin1(lossNames()[i]), this);
        box->setChecked(true);
        box->setToolTip(tr("Show or hide the %1 curve").arg(QString::fromLatin1(lossNames()[i])));
        connect(box, &QCheckBox::toggled, this, [this, i](bool on) { setCurveVisible(i, on); });
        controls->addWidget(box);
    }
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
    connect(exportButton, &QPushButton::clicked, this, [this] {
        QString filter;
        const QString file = QFileDialog::getSaveFileName(this, tr("Export the loss plot"), QStringLiteral("losses.png"),
                                                          tr("PNG image (*.png);;CSV table (*.csv)"), &filter);
        if (file.isEmpty())
            return;
        const bool ok = file.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) ? exportCsv(file) : exportPng(file);
        if (!ok)
            QMessageBox::warning(this, tr("Export"), tr("Could not write \"%1\".").arg(file));
    });
    controls->addWidget(exportButton);
    layout->addLayout(controls);
    layout->addWidget(m_plot, 1);

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
    const int index = int(it - m_points.cbegin());
    QStringList lines{tr("Iteration %1").arg(it->iteration)};
    for (int i = 0; i < 8; ++i) {
        if (!m_plot->graph(2 * i + 1)->visible())
            continue;
        lines << tr("%1: %2 (smoothed %3)")
                     .arg(QString::fromLatin1(lossNames()[i]))
                     .arg(it->values[i], 0, 'f', 4)
                     .arg(smoothedValue(i, index), 0, 'f', 4);
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

void LossPlot::addPoints(const QVector<LossPoint> &points)
{
    for (const auto &p : points) {
        m_points.push_back(p);
        const int n = m_points.size();
        for (int i = 0; i < 8; ++i) {
            const double previous = n > 1 ? m_plot->graph(2 * i + 1)->data()->at(n - 2)->value : p.values[i];
            const double smooth = n > 1 ? m_alpha * previous + (1 - m_alpha) * p.values[i] : p.values[i];
            m_plot->graph(2 * i)->addData(double(p.iteration), p.values[i]);
            m_plot->graph(2 * i + 1)->addData(double(p.iteration), smooth);
        }
    }
    scheduleReplot();
}

void LossPlot::clear()
{
    m_points.clear();
    for (int g = 0; g < m_plot->graphCount(); ++g)
        m_plot->graph(g)->data()->clear();
    m_followNewest = true;
    scheduleReplot();
}

void LossPlot::rebuild()
{
    const auto points = m_points;
    clear();
    addPoints(points);
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
    for (const char *name : lossNames())
        stream << ',' << name;
    stream << '\n';
    for (const auto &p : m_points) {
        stream << p.iteration;
        for (double v : p.values)
            stream << ',' << QString::number(v, 'g', 8);
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
