#include "ui/welcomeview.h"

#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QVBoxLayout>

namespace ui {

namespace {
const char *const kReopenKey = "startup/reopenLastProject";
constexpr int kThumbnail = 144;

// The first two columns of a two-domain preview grid (a real picture and its translation), scaled.
QPixmap recentThumbnail(const QString &dir, const QColor &background)
{
    QPixmap canvas(2 * kThumbnail, kThumbnail);
    canvas.fill(background);
    const QString file = newestPreview(dir);
    if (file.isEmpty())
        return canvas;
    QImageReader reader(file);
    const QImage grid = reader.read();
    if (grid.isNull())
        return canvas;
    const int column = grid.width() / 6;
    const QImage pair = grid.copy(0, 0, std::max(1, 2 * column), std::min(grid.height(), column > 0 ? column : grid.height()));
    const QImage scaled = pair.scaled(canvas.size(), Qt::KeepAspectRatio, Qt::SmoothTransformation);
    QPainter painter(&canvas);
    painter.drawImage((canvas.width() - scaled.width()) / 2, (canvas.height() - scaled.height()) / 2, scaled);
    return canvas;
}
} // namespace

QString newestPreview(const QString &projectDir)
{
    static const QRegularExpression pattern(QStringLiteral("^preview_(\\d+)\\.png$"));
    const QDir previews(QDir(projectDir).filePath(QStringLiteral("previews")));
    qint64 best = -1;
    QString bestFile;
    for (const auto &name : previews.entryList({QStringLiteral("preview_*.png")}, QDir::Files)) {
        const auto match = pattern.match(name);
        if (match.hasMatch() && match.captured(1).toLongLong() > best) {
            best = match.captured(1).toLongLong();
            bestFile = previews.filePath(name);
        }
    }
    return bestFile;
}

bool WelcomeView::reopensLastProject() { return QSettings().value(QLatin1String(kReopenKey), true).toBool(); }
void WelcomeView::setReopensLastProject(bool reopen) { QSettings().setValue(QLatin1String(kReopenKey), reopen); }

WelcomeView::WelcomeView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("welcomeView"));
    auto *title = new QLabel(tr("<h1>Welcome to CycleStudio</h1>"), this);
    auto *intro = new QLabel(tr("Teach your computer to turn pictures of one style into another — photos into watercolours, "
                                "summer into winter — from two folders of examples. The pictures do not need to match up: "
                                "CycleStudio learns the look of each folder."),
                             this);
    intro->setWordWrap(true);
    intro->setMaximumWidth(560);

    auto *choices = new QVBoxLayout;
    choices->addWidget(title);
    choices->addWidget(intro);
    choices->addSpacing(16);
    auto *newProject = addChoice(QStringLiteral("welcomeNew"), tr("New Project…"),
                                 tr("Name your two styles, drop a folder of pictures for each and say how long to train"));
    auto *demo = addChoice(QStringLiteral("welcomeDemo"), tr("Try the Demo"),
                           tr("Photos and paintings that come with CycleStudio: training starts at once, and the first "
                              "shapes show after a few minutes"));
    auto *open = addChoice(QStringLiteral("welcomeOpen"), tr("Open Project…"), tr("Open a CycleStudio project folder"));
    auto *import = addChoice(QStringLiteral("welcomeImport"), tr("Import Model…"),
                             tr("Translate pictures with a model someone shared: a CycleStudio model (.csm) or a PyTorch "
                                "CycleGAN generator (.pth)"));
    for (auto *button : {newProject, demo, open, import})
        choices->addWidget(button);
    choices->addStretch();
    connect(newProject, &QPushButton::clicked, this, &WelcomeView::newProjectRequested);
    connect(demo, &QPushButton::clicked, this, &WelcomeView::demoRequested);
    connect(open, &QPushButton::clicked, this, [this] { Q_EMIT openProjectRequested(QString()); });
    connect(import, &QPushButton::clicked, this, &WelcomeView::importModelRequested);

    m_recent = new QListWidget(this);
    m_recent->setObjectName(QStringLiteral("recentProjects"));
    m_recent->setViewMode(QListView::IconMode);
    m_recent->setIconSize(QSize(2 * kThumbnail, kThumbnail));
    m_recent->setResizeMode(QListView::Adjust);
    m_recent->setMovement(QListView::Static);
    m_recent->setWordWrap(true);
    m_recent->setSpacing(8);
    m_recent->setToolTip(tr("Double-click a project to open it"));
    connect(m_recent, &QListWidget::itemActivated, this, &WelcomeView::openItem);
    m_reopen = new QCheckBox(tr("Reopen the last project when CycleStudio starts"), this);
    m_reopen->setObjectName(QStringLiteral("reopenLastProject"));
    m_reopen->setChecked(reopensLastProject());
    connect(m_reopen, &QCheckBox::toggled, this, &WelcomeView::setReopensLastProject);
    auto *recent = new QVBoxLayout;
    recent->addWidget(new QLabel(tr("<b>Recent projects</b>"), this));
    recent->addWidget(m_recent, 1);
    recent->addWidget(m_reopen);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(32, 24, 32, 24);
    layout->addLayout(choices, 2);
    layout->addSpacing(24);
    layout->addLayout(recent, 3);
}

QPushButton *WelcomeView::addChoice(const QString &name, const QString &text, const QString &tip)
{
    auto *button = new QPushButton(text, this);
    button->setObjectName(name);
    button->setToolTip(tip);
    button->setMinimumHeight(40);
    button->setMaximumWidth(360);
    QFont font = button->font();
    font.setPointSizeF(font.pointSizeF() * 1.15);
    button->setFont(font);
    return button;
}

void WelcomeView::setRecentProjects(const QStringList &dirs)
{
    m_recent->clear();
    for (const auto &dir : dirs) {
        if (!QFileInfo(dir).isDir())
            continue;
        auto *item = new QListWidgetItem(QIcon(recentThumbnail(dir, palette().color(QPalette::Mid))), QFileInfo(dir).fileName(), m_recent);
        item->setData(Qt::UserRole, dir);
        item->setToolTip(QDir::toNativeSeparators(dir));
    }
    if (m_recent->count() == 0) {
        auto *none = new QListWidgetItem(tr("No recent projects yet"), m_recent);
        none->setFlags(Qt::NoItemFlags);
    }
}

int WelcomeView::recentCount() const
{
    int n = 0;
    for (int i = 0; i < m_recent->count(); ++i)
        n += m_recent->item(i)->data(Qt::UserRole).isValid() ? 1 : 0;
    return n;
}

void WelcomeView::openItem(QListWidgetItem *item)
{
    const QString dir = item ? item->data(Qt::UserRole).toString() : QString();
    if (!dir.isEmpty())
        Q_EMIT openProjectRequested(dir);
}

} // namespace ui
